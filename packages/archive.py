"""The unit package file: a zip archive holding ``manifest.json`` and the data
members it lists, each with its size and SHA-256 checksum.

Reading is defensive, because a package may come from anywhere: only the known
member names are accepted (so no path can point outside the archive), every size is
checked against a limit before and while reading (so a zip bomb stops at the limit,
whatever its header claims), the compression ratio is bounded, and every checksum
must match. Any problem raises :class:`PackageError` with a message for the person
importing.
"""

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.utils.translation import gettext as _

FORMAT_NAME = "sources-and-voices-unit-package"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS = {1}
MANIFEST = "manifest.json"
DATA_MEMBERS = ("unit.json", "library.json")
# The pictures of image excerpts, each named by the SHA-256 of its bytes (so a name
# can point nowhere else, and the same picture travels once).
PICTURE_MEMBER = re.compile(r"^pictures/[0-9a-f]{64}\.(?:jpg|png|webp)$")

# A data member may hold at most this much once uncompressed. The shipped unit needs
# about 0.3 MB; a large unit with many sources a few MB.
DEFAULT_MAX_MEMBER_BYTES = 25 * 1024 * 1024
# JSON text compresses about 5-15 times; far beyond that is a bomb, not a unit.
MAX_COMPRESSION_RATIO = 100
# Below this size the ratio check does not matter (a tiny member can compress well).
RATIO_CHECK_FROM_BYTES = 1024 * 1024
READ_CHUNK = 64 * 1024


class PackageError(Exception):
    """The package cannot be imported; ``str(error)`` says why, for the person."""


@dataclass(frozen=True)
class PackageContents:
    manifest: dict
    members: dict[str, dict]  # member name -> parsed JSON
    # picture member name -> its bytes (checked against the manifest)
    files: dict[str, bytes] = field(default_factory=dict)


def picture_member(sha256: str, extension: str) -> str:
    return f"pictures/{sha256}.{extension}"


def max_member_bytes() -> int:
    return getattr(
        settings, "PORTAL_PACKAGE_MAX_MEMBER_BYTES", DEFAULT_MAX_MEMBER_BYTES
    )


def max_package_bytes() -> int:
    """The largest package file accepted (compressed), about one member's limit."""
    return getattr(settings, "PORTAL_PACKAGE_MAX_BYTES", max_member_bytes())


def app_version() -> str:
    try:
        return version("history-portal")
    except PackageNotFoundError:
        return getattr(settings, "PORTAL_VERSION", "0.1.0")


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()


def package_write(
    *, members: dict[str, dict], summary: dict, files: dict[str, bytes] | None = None
) -> bytes:
    """The zip file for the given data members (name -> JSON-able data) and picture
    files (name -> bytes, stored as they are), with a manifest listing their sizes
    and checksums."""
    blobs = {name: _dump(data) for name, data in members.items()}
    blobs.update(files or {})
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **summary,
        "members": {
            name: {"size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
            for name, blob in blobs.items()
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, _dump(manifest))
        for name, blob in blobs.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def _is_unsafe_name(name: str) -> bool:
    normalized = name.replace("\\", "/")
    parts = normalized.split("/")
    return (
        normalized.startswith("/")
        or (len(normalized) > 1 and normalized[1] == ":")
        or ".." in parts
        or "\x00" in name
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read a member, stopping as soon as it grows past ``limit`` bytes, whatever
    its header declared."""
    chunks, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(READ_CHUNK):
            total += len(chunk)
            if total > limit:
                raise PackageError(
                    _(
                        "The member “%(name)s” unpacks to more than %(limit)s MB, more "
                        "than its header says. The file is not a genuine unit package."
                    )
                    % {"name": info.filename, "limit": limit // (1024 * 1024)}
                )
            chunks.append(chunk)
    return b"".join(chunks)


def package_read(data: bytes) -> PackageContents:
    """Check a package file and return its manifest and parsed data members. Raises
    PackageError with a clear message for anything wrong."""
    _check_file_size(data)
    with _open_zip(data) as archive:
        infos = archive.infolist()
        _check_member_names([info.filename for info in infos])
        limit = max_member_bytes()
        for info in infos:
            _check_member_size(info, limit)
        try:
            blobs = {
                info.filename: _read_member(archive, info, limit) for info in infos
            }
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise PackageError(
                _("The package is damaged: %(error)s") % {"error": error}
            ) from None
    manifest = _parse_json(MANIFEST, blobs[MANIFEST])
    _check_manifest(manifest)
    members = {
        name: _parse_json(name, _verified_blob(name, blobs, manifest["members"]))
        for name in DATA_MEMBERS
    }
    files = {
        name: _verified_blob(name, blobs, manifest["members"])
        for name in blobs
        if PICTURE_MEMBER.match(name)
    }
    return PackageContents(manifest=manifest, members=members, files=files)


def _check_file_size(data: bytes) -> None:
    if len(data) > max_package_bytes():
        raise PackageError(
            _(
                "The file is too large (%(size)s MB); a unit package is at most %(max)s MB."
            )
            % {
                "size": round(len(data) / (1024 * 1024), 1),
                "max": max_package_bytes() // (1024 * 1024),
            }
        )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PackageError(
            _(
                "This file is not a complete unit package: it is not a readable zip "
                "archive (it may be damaged or cut short)."
            )
        ) from None


def _check_member_names(names: list[str]) -> None:
    """Only the known members, each once, the manifest among them: no path can point
    outside the archive."""
    for name in names:
        if _is_unsafe_name(name):
            raise PackageError(
                _(
                    "The package contains a file named “%(name)s”, a path outside "
                    "the package. It was refused and nothing was imported."
                )
                % {"name": name}
            )
    unexpected = sorted(
        n for n in set(names) - {MANIFEST, *DATA_MEMBERS} if not PICTURE_MEMBER.match(n)
    )
    if unexpected:
        raise PackageError(
            _("The package contains unexpected files: %(names)s.")
            % {"names": ", ".join(unexpected)}
        )
    if len(names) != len(set(names)):
        raise PackageError(_("The package contains the same file twice."))
    if MANIFEST not in names:
        raise PackageError(
            _("The package has no manifest.json: it is not a unit package.")
        )


def _check_member_size(info: zipfile.ZipInfo, limit: int) -> None:
    """What the header declares, before reading: the size, and the compression
    ratio (a zip bomb)."""
    if info.file_size > limit:
        raise PackageError(
            _(
                "The member “%(name)s” would unpack to %(size)s MB; the limit "
                "is %(limit)s MB. The package was refused."
            )
            % {
                "name": info.filename,
                "size": info.file_size // (1024 * 1024),
                "limit": limit // (1024 * 1024),
            }
        )
    if (
        info.file_size > RATIO_CHECK_FROM_BYTES
        and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
    ):
        raise PackageError(
            _(
                "The member “%(name)s” is compressed suspiciously well (a "
                "“zip bomb”). The package was refused."
            )
            % {"name": info.filename}
        )


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackageError(_("This zip file is not a unit package of this portal."))
    version = manifest.get("format_version")
    if version not in SUPPORTED_VERSIONS:
        raise PackageError(
            _(
                "This package is in format version %(version)s; this portal reads "
                "version %(supported)s. Update the portal, or export the unit again "
                "from a matching version."
            )
            % {
                "version": version,
                "supported": ", ".join(str(v) for v in sorted(SUPPORTED_VERSIONS)),
            }
        )
    listed = manifest.get("members")
    if (
        not isinstance(listed, dict)
        or not set(DATA_MEMBERS) <= set(listed)
        or any(n not in DATA_MEMBERS and not PICTURE_MEMBER.match(n) for n in listed)
    ):
        raise PackageError(
            _("The package's manifest does not list the expected members.")
        )


def _verified_blob(name: str, blobs: dict[str, bytes], listed: dict) -> bytes:
    """A data member whose size and checksum are those the manifest lists."""
    if name not in blobs:
        raise PackageError(_("The package is missing “%(name)s”.") % {"name": name})
    blob = blobs[name]
    expected = listed.get(name)
    if (
        not isinstance(expected, dict)
        or expected.get("size") != len(blob)
        or expected.get("sha256") != hashlib.sha256(blob).hexdigest()
    ):
        raise PackageError(
            _(
                "The checksum of “%(name)s” does not match the manifest: the "
                "package was changed or damaged after it was made."
            )
            % {"name": name}
        )
    return blob


def _parse_json(name: str, blob: bytes):
    try:
        return json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError(
            _("“%(name)s” in the package is not valid JSON.") % {"name": name}
        ) from None
