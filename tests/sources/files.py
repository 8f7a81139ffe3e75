"""Crafted files for the upload tests: real pictures, real PDFs, and real bad files
(a decompression bomb, a truncated JPEG, an SVG with a script, HTML named .png, a
JPEG carrying GPS coordinates and a camera's name)."""

import io
import struct
import zlib

from PIL import Image

from tests.builders import picture_bytes


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width`` × ``height`` white pixels: a few kilobytes
    that decode to width × height pixels (20,000 × 20,000 is 400 million)."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height))
    data += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    whole = picture_bytes(size=(800, 600), format="JPEG")
    return whole[: len(whole) // 2]


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
    b'height="100"><script>alert(document.cookie)</script>'
    b'<rect width="100" height="100" fill="red"/></svg>'
)
HTML_PAGE = (
    b"<!DOCTYPE html><html><body><script>fetch('/steal?c='+document.cookie)"
    b"</script></body></html>"
)

CAMERA = "Spycam Obscura 3000"
GPS_LATITUDE = (51.0, 30.0, 12.34)


def jpeg_with_gps(size=(640, 480), orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF names the camera and holds GPS coordinates (and, when
    given, an orientation)."""
    image = Image.open(io.BytesIO(picture_bytes(size=size, format="JPEG")))
    exif = Image.Exif()
    exif[0x010F] = "Obscura"  # Make
    exif[0x0110] = CAMERA  # Model
    if orientation:
        exif[0x0112] = orientation
    exif[0x8825] = {
        1: "N",
        2: GPS_LATITUDE,
        3: "W",
        4: (0.0, 7.0, 39.0),
    }
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def pdf_of_pages(count: int, size=(600, 800)) -> bytes:
    """A PDF of ``count`` scanned-looking pages (made by Pillow)."""
    pages = [
        Image.open(io.BytesIO(picture_bytes(size=size, color=(200, 190 - n, 160))))
        for n in range(count)
    ]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:])
    return out.getvalue()
