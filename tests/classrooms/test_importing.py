import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from classrooms.importing import rows_from_csv, rows_from_pasted_names


def names(rows):
    return [(r.first_name, r.last_name, r.student_number) for r in rows]


def test_pasted_names_ignore_blank_lines_and_stray_spaces():
    text = "  Maya   Okafor \n\n\t\nLeo Haddad\r\n   \nHaddad, Leo\nPrince\n"
    assert names(rows_from_pasted_names(text)) == [
        ("Maya", "Okafor", ""),
        ("Leo", "Haddad", ""),
        ("Leo", "Haddad", ""),
        ("Prince", "", ""),
    ]


def test_cells_pasted_from_a_spreadsheet_are_read_as_columns():
    rows = rows_from_pasted_names("Maria\tde la Cruz\t1234\nAna\tLima\t\n")
    assert names(rows) == [("Maria", "de la Cruz", "1234"), ("Ana", "Lima", "")]


def csv_file(text, encoding="utf-8"):
    return SimpleUploadedFile("roster.csv", text.encode(encoding), "text/csv")


def test_csv_with_header_and_optional_id():
    rows = rows_from_csv(
        csv_file("First name,Last name,Student ID\nMaya,Okafor,A1\nLeo,Haddad\n")
    )
    assert names(rows) == [("Maya", "Okafor", "A1"), ("Leo", "Haddad", "")]


def test_csv_from_excel_with_semicolons_and_accents():
    rows = rows_from_csv(csv_file("José;Núñez\nZoë;Brontë\n", "utf-8-sig"))
    assert names(rows) == [("José", "Núñez", ""), ("Zoë", "Brontë", "")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_csv_in_utf_16_with_a_byte_order_mark_is_read(encoding):
    """Excel's "Unicode text" is UTF-16 with a byte order mark, tab-separated."""
    data = "José\tNúñez\t7\n渡辺\t健\t8\n".encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own mark
        data = ("\ufeff".encode(encoding)) + data
    rows = rows_from_csv(SimpleUploadedFile("roster.csv", data, "text/csv"))
    assert names(rows) == [("José", "Núñez", "7"), ("渡辺", "健", "8")]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "shift_jis"])
def test_csv_in_another_encoding_is_refused_rather_than_guessed(encoding):
    """Guessing made accounts with garbled names (Shift-JIS read as Latin-1)."""
    text = "渡辺,健\n" if encoding == "shift_jis" else "José,Núñez\n"
    with pytest.raises(ValidationError) as error:
        rows_from_csv(csv_file(text, encoding))
    assert error.value.code == "encoding"
    assert "save it as “CSV UTF-8”" in error.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [b"Maya,Okafor\x00\n", "Maya,Okafor\n".encode("utf-16-le")],
    ids=["nul-in-utf-8", "utf-16-without-mark"],
)
def test_csv_with_nul_bytes_is_refused_with_a_message(data):
    with pytest.raises(ValidationError) as error:
        rows_from_csv(SimpleUploadedFile("roster.csv", data, "text/csv"))
    assert "CSV UTF-8" in error.value.messages[0]


def test_malformed_csv_rows_are_reported_by_line_number():
    text = "Maya,Okafor\nLeo\n\nAna,Lima,1,extra\nSam,Student\n"
    with pytest.raises(ValidationError) as error:
        rows_from_csv(csv_file(text))
    messages = error.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Line 2:")
    assert messages[1].startswith("Line 4:")


def test_duplicate_student_ids_in_one_file_are_reported():
    with pytest.raises(ValidationError) as error:
        rows_from_csv(csv_file("A,B,7\nC,D,7\n"))
    assert error.value.messages == ["Line 2: student ID 7 is also on line 1."]
