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
    rows = rows_from_csv(csv_file("José;Núñez\nZoë;Brontë\n", "cp1252"))
    assert names(rows) == [("José", "Núñez", ""), ("Zoë", "Brontë", "")]


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
