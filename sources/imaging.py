"""Checking and preparing uploaded pictures and scans.

An upload is trusted for nothing: its type is read from its bytes (never its name),
only JPEG, PNG, WebP and TIFF pictures and PDF scans are accepted, the pixel count is
checked from the header before any pixel is decoded (a decompression bomb stops
there), every picture is decoded in full once (a truncated or damaged file is refused),
and what is stored is a fresh encoding of the pixels alone: no EXIF (GPS position,
camera, owner), no XMP, no comments. A PDF is never kept or served: each page is
rendered to a picture (so nothing scriptable in it reaches a browser).

Each refusal raises ``ImageRefused`` with a sentence for the person uploading.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# What we accept, by the format Pillow reads from the bytes, and how we store it
# (TIFF is not shown by browsers, so it is stored as PNG).
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")
STORED_AS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "TIFF": "PNG"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PDF_MAGIC = b"%PDF-"
# A scanned page is rendered so that its longer side has this many pixels: enough
# to read handwriting when zoomed, small enough to keep a 30-page scan light.
PDF_PAGE_PIXELS = 2400
# Derivatives: the size shown in the reader and the thumbnail in lists.
DISPLAY_PIXELS = 1600
THUMBNAIL_PIXELS = 320
JPEG_QUALITY = 90
WEBP_QUALITY = 82


class ImageRefused(ValidationError):
    """The upload is not accepted; the message says why, for the person."""


def max_upload_bytes() -> int:
    return int(settings.PORTAL_IMAGE_MAX_MB) * 1024 * 1024


def max_pixels() -> int:
    return int(settings.PORTAL_IMAGE_MAX_PIXELS)


def max_pdf_pages() -> int:
    return int(settings.PORTAL_PDF_MAX_PAGES)


@dataclass(frozen=True)
class PreparedImage:
    """One picture ready to store: its bytes (re-encoded, without metadata)."""

    data: bytes
    format: str  # JPEG, PNG or WEBP
    width: int
    height: int
    uploaded_format: str  # what the upload was: JPEG, PNG, WEBP, TIFF or PDF
    page: int | None = None  # the page of a PDF, from 1

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse_size(size: int) -> None:
    if size > max_upload_bytes():
        raise ImageRefused(
            _(
                "This file is %(size)s MB; the largest accepted is %(max)s MB. Save "
                "it smaller (fewer pixels or a lower quality) and upload it again."
            )
            % {
                "size": f"{size / 1024 / 1024:.0f}",
                "max": settings.PORTAL_IMAGE_MAX_MB,
            },
            code="too_large",
        )


def _refuse_pixels(width: int, height: int) -> None:
    if width * height > max_pixels():
        raise ImageRefused(
            _(
                "This picture is %(width)s × %(height)s pixels, more than the "
                "%(max)s million accepted. Scale it down and upload it again."
            )
            % {"width": width, "height": height, "max": max_pixels() // 1_000_000},
            code="too_many_pixels",
        )


NOT_ACCEPTED = _(
    "This file is not a picture the portal accepts. Upload a JPEG, PNG, WebP or "
    "TIFF picture, or a PDF of scanned pages (SVG and other drawings with code in "
    "them are not accepted)."
)


def prepare_upload(upload) -> list[PreparedImage]:
    """The pictures of an uploaded file (one, or one per page of a PDF), checked
    and re-encoded; ``ImageRefused`` when the file is not accepted."""
    size = getattr(upload, "size", None)
    if getattr(upload, "oversized", False) or size is None:
        _refuse_size(size or max_upload_bytes() + 1)
    _refuse_size(size)
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return _pdf_pages(upload.read())
    return [_picture(upload)]


def _open(upload) -> Image.Image:
    """The picture, opened from its header only, refused unless it is one of the
    accepted formats with an accepted number of pixels."""
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, refuses) for huge pictures;
            # both are bombs to us, whatever our own limit says.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(
            _(
                "This picture has far more than the %(max)s million pixels "
                "accepted. Scale it down and upload it again."
            )
            % {"max": max_pixels() // 1_000_000},
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRefused(str(NOT_ACCEPTED), code="not_an_image") from None
    _refuse_pixels(*image.size)
    return image


def _decoded(image: Image.Image) -> Image.Image:
    """Every pixel decoded now, so a damaged or truncated file is refused here and
    not half-shown later; orientation from EXIF applied before EXIF is dropped."""
    try:
        image.seek(0)  # the first frame of a multi-page TIFF or an animation
        image.load()
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageRefused(
            _(
                "This picture is damaged or incomplete (perhaps the upload was cut "
                "off). Open it on your computer to check it, then upload it again."
            ),
            code="damaged",
        ) from None


def _pixels_only(image: Image.Image, stored_format: str) -> Image.Image:
    """A new picture holding only the pixels (and colour profile) in a mode the
    stored format can hold: nothing else of the upload's metadata survives."""
    if stored_format == "JPEG":
        mode = "L" if image.mode in ("1", "L", "I;16", "I") else "RGB"
    elif image.mode in ("1", "L", "LA", "RGB", "RGBA"):
        mode = image.mode
    elif image.mode == "P":
        mode = "RGBA" if "transparency" in image.info else "RGB"
    else:
        mode = "RGBA" if "A" in image.getbands() else "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    clean = Image.new(converted.mode, converted.size)
    clean.paste(converted)
    icc = image.info.get("icc_profile")
    if icc:
        clean.info["icc_profile"] = icc
    return clean


def encode(image: Image.Image, stored_format: str) -> bytes:
    """The picture's bytes in ``stored_format``, with no metadata but the colour
    profile."""
    out = io.BytesIO()
    options = {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if stored_format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif stored_format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    image.save(out, format=stored_format, **options)
    return out.getvalue()


def _picture(upload) -> PreparedImage:
    image = _open(upload)
    uploaded_format = image.format
    stored_format = STORED_AS[uploaded_format]
    clean = _pixels_only(_decoded(image), stored_format)
    return PreparedImage(
        data=encode(clean, stored_format),
        format=stored_format,
        width=clean.width,
        height=clean.height,
        uploaded_format=uploaded_format,
    )


def _pdf_document(data: bytes) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ImageRefused(
            _(
                "This PDF cannot be read (it may be damaged, or locked with a "
                "password). Save it again without a password and upload it."
            ),
            code="bad_pdf",
        ) from None
    pages = len(document)
    if not 1 <= pages <= max_pdf_pages():
        document.close()
        raise ImageRefused(
            _(
                "This PDF has %(pages)s pages; upload at most %(max)s pages at a "
                "time (split a longer scan into parts)."
            )
            % {"pages": pages, "max": max_pdf_pages()},
            code="too_many_pages",
        )
    return document


def _pdf_pages(data: bytes) -> list[PreparedImage]:
    """Each page of a scanned PDF rendered to a JPEG picture."""
    document = _pdf_document(data)
    prepared = []
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            width, height = page.get_size()
            scale = min(PDF_PAGE_PIXELS / max(width, height, 1), 4.0)
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
            prepared.append(
                PreparedImage(
                    data=encode(image, "JPEG"),
                    format="JPEG",
                    width=image.width,
                    height=image.height,
                    uploaded_format="PDF",
                    page=number,
                )
            )
    finally:
        document.close()
    return prepared


def derivative(data: bytes, longest_side: int) -> tuple[bytes, int, int]:
    """A smaller copy of a stored picture (WebP, keeping transparency), never
    larger than the picture itself."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        copy = image.copy()
    if copy.mode not in ("RGB", "RGBA", "L", "LA"):
        copy = copy.convert("RGBA" if "A" in copy.getbands() else "RGB")
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    return encode(copy, "WEBP"), copy.width, copy.height


def check_stored_picture(data: bytes) -> PreparedImage:
    """A picture as the portal stores it (from a unit package): accepted only if
    it is a JPEG, PNG or WebP that opens, within the pixel limit, and decodes in
    full. Kept byte for byte (it was re-encoded when first uploaded); a refusal
    raises ``ImageRefused``."""
    with _open(io.BytesIO(data)) as image:
        stored_format = image.format
        if stored_format not in CONTENT_TYPES:
            raise ImageRefused(str(NOT_ACCEPTED), code="not_an_image")
        decoded = _decoded(image)
        return PreparedImage(
            data=data,
            format=stored_format,
            width=decoded.width,
            height=decoded.height,
            uploaded_format=stored_format,
        )


def crop(data: bytes, box: tuple[int, int, int, int]) -> PreparedImage:
    """A part of a stored picture (``box`` = left, top, right, bottom in its
    pixels, already checked to lie inside it) as a new picture of the same
    format, re-encoded with only its pixels and colour profile."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        stored_format = image.format
        part = image.crop(box)
        part.info = dict(image.info)
    clean = _pixels_only(part, stored_format)
    return PreparedImage(
        data=encode(clean, stored_format),
        format=stored_format,
        width=clean.width,
        height=clean.height,
        uploaded_format=stored_format,
    )
