"""Checking uploads with real crafted files: what is accepted, what is refused and
why, and what is left of the upload's metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sources.imaging import ImageRefused, derivative, prepare_upload
from tests.builders import picture_bytes
from tests.sources import files


def prepare(data: bytes, name: str = "upload.bin"):
    return prepare_upload(SimpleUploadedFile(name, data))


def refusal(data: bytes, name: str = "upload.bin") -> ImageRefused:
    with pytest.raises(ImageRefused) as caught:
        prepare(data, name)
    return caught.value


@pytest.mark.parametrize(
    ("format", "stored"),
    [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP"), ("TIFF", "PNG")],
)
def test_each_accepted_format_is_stored_as_a_picture_browsers_show(format, stored):
    (picture,) = prepare(picture_bytes(size=(300, 200), format=format))
    assert (picture.format, picture.width, picture.height) == (stored, 300, 200)
    assert picture.uploaded_format == format
    with Image.open(io.BytesIO(picture.data)) as reopened:
        assert reopened.format == stored


def test_the_type_comes_from_the_bytes_not_the_name():
    (picture,) = prepare(picture_bytes(format="PNG"), name="holiday.jpg")
    assert picture.format == "PNG"
    assert picture.content_type == "image/png"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (files.SVG_WITH_SCRIPT, "poster.svg"),
        (files.SVG_WITH_SCRIPT, "poster.png"),
        (files.HTML_PAGE, "poster.png"),
        (picture_bytes(format="GIF"), "poster.gif"),
        (picture_bytes(format="BMP"), "poster.bmp"),
        (b"", "empty.png"),
    ],
    ids=["svg", "svg-named-png", "html-named-png", "gif", "bmp", "empty"],
)
def test_anything_else_is_refused_with_the_formats_named(data, name):
    error = refusal(data, name)
    assert error.code == "not_an_image"
    assert "JPEG, PNG, WebP or TIFF" in error.messages[0]


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = files.png_bomb(20_000, 20_000)
    assert len(bomb) < 200_000  # tiny on disk, 400 million pixels decoded
    error = refusal(bomb, "poster.png")
    assert error.code == "too_many_pixels"
    assert "50 million pixels" in error.messages[0]


def test_a_picture_over_the_pixel_limit_is_refused_with_its_size(settings):
    settings.PORTAL_IMAGE_MAX_PIXELS = 1_000_000
    error = refusal(files.png_bomb(2_000, 1_000), "map.png")
    assert error.code == "too_many_pixels"
    assert "2000 × 1000 pixels" in error.messages[0]


def test_a_truncated_jpeg_is_refused_as_damaged():
    error = refusal(files.truncated_jpeg(), "photo.jpg")
    assert error.code == "damaged"


def test_a_file_over_the_size_limit_is_refused_before_reading_it(settings):
    settings.PORTAL_IMAGE_MAX_MB = 1
    error = refusal(b"\xff\xd8" + b"\0" * (1024 * 1024), "huge.jpg")
    assert error.code == "too_large"
    assert "largest accepted is 1 MB" in error.messages[0]


def test_gps_and_camera_are_not_in_the_stored_picture():
    upload = files.jpeg_with_gps()
    with Image.open(io.BytesIO(upload)) as original:
        assert original.getexif().get_ifd(0x8825)  # the upload has a position
    (picture,) = prepare(upload, "photo.jpg")
    assert files.CAMERA.encode() not in picture.data
    assert b"Exif" not in picture.data
    with Image.open(io.BytesIO(picture.data)) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    (picture,) = prepare(files.jpeg_with_gps(size=(640, 480), orientation=6))
    assert (picture.width, picture.height) == (480, 640)


def test_each_page_of_a_pdf_becomes_a_picture():
    pages = prepare(files.pdf_of_pages(3), "letter.pdf")
    assert [p.page for p in pages] == [1, 2, 3]
    assert {p.format for p in pages} == {"JPEG"}
    assert {p.uploaded_format for p in pages} == {"PDF"}
    # A 600 × 800 page is rendered with its longer side at 2,400 pixels.
    assert max(pages[0].width, pages[0].height) == 2400


def test_a_pdf_with_too_many_pages_or_a_broken_one_is_refused(settings):
    settings.PORTAL_PDF_MAX_PAGES = 2
    assert refusal(files.pdf_of_pages(3)).code == "too_many_pages"
    assert refusal(b"%PDF-1.7\n this is not really a PDF").code == "bad_pdf"


def test_derivatives_are_smaller_webp_copies_never_larger():
    (picture,) = prepare(picture_bytes(size=(3000, 1500), format="JPEG"))
    data, width, height = derivative(picture.data, 1600)
    assert (width, height) == (1600, 800)
    with Image.open(io.BytesIO(data)) as copy:
        assert copy.format == "WEBP"
    small = picture_bytes(size=(200, 100))
    assert derivative(small, 1600)[1:] == (200, 100)
