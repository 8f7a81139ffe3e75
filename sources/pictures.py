"""Image excerpts: a picture or the pages of a scanned PDF added to a source, their
words (text alternative, caption, transcription), and the smaller copies made by a
task. Checking the upload itself is ``sources.imaging``'s job."""

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.runner import JobContext, job_handler
from jobs.services import job_start
from sources.imaging import (
    DISPLAY_PIXELS,
    THUMBNAIL_PIXELS,
    ImageRefused,
    PreparedImage,
    check_stored_picture,
    crop,
    derivative,
    prepare_upload,
)
from sources.models import Excerpt, ExcerptImage, Source
from sources.services import (
    glossary_set,
    next_order,
    normalize_paragraphs,
    unique_slug,
)


def files_delete(names: Iterable[str]) -> None:
    """Remove stored files (missing ones are fine), and on the local disk the
    picture's folder once it is empty (an object store has no folders)."""
    for name in names:
        if name:
            default_storage.delete(name)
            _folder_remove_if_empty(name)


def _folder_remove_if_empty(name: str) -> None:
    try:
        folder = os.path.dirname(default_storage.path(name))
    except NotImplementedError:
        return
    with suppress(OSError):  # not empty, or already gone
        os.rmdir(folder)


# The files written by the code below inside ``picture_files_kept_on_success``: a
# caller whose larger transaction fails later (a unit package's import) removes
# them, since a rolled-back row leaves its file behind.
_written: ContextVar[list[str] | None] = ContextVar("pictures_written", default=None)


def _written_add(name: str) -> None:
    written = _written.get()
    if written is not None:
        written.append(name)


@contextmanager
def picture_files_kept_on_success() -> Iterator[None]:
    """Remove every picture file written inside the block when the block fails:
    wrap a transaction that stores pictures and may still roll back after them."""
    written: list[str] = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        files_delete(written)
        raise
    finally:
        _written.reset(token)


def _image_names(image: ExcerptImage) -> list[str]:
    return [f.name for f in (image.original, image.display, image.thumbnail) if f]


def _image_titles(title: str, alt_text: str, pages: list[PreparedImage]):
    """(title, text alternative) for each picture: a PDF's pages say which page
    they are."""
    if len(pages) == 1 and pages[0].page is None:
        return [(title, alt_text)]
    total = len(pages)
    return [
        (
            _("%(title)s, page %(n)s") % {"title": title, "n": p.page},
            _("%(alt)s (page %(n)s of %(total)s)")
            % {"alt": alt_text, "n": p.page, "total": total},
        )
        for p in pages
    ]


def _image_add(
    *, excerpt: Excerpt, prepared: PreparedImage, alt_text: str, caption: str, stored
) -> ExcerptImage:
    """Store the picture's file (its name added to ``stored`` at once, so a failure
    after this can remove it) and its row."""
    image = ExcerptImage(
        excerpt=excerpt,
        folder=secrets.token_hex(16),
        alt_text=alt_text,
        caption=caption,
        content_type=prepared.content_type,
        width=prepared.width,
        height=prepared.height,
        sha256=prepared.sha256,
        uploaded_format=prepared.uploaded_format,
        page=prepared.page,
    )
    image.full_clean(exclude=["excerpt", "original"])
    image.original.save(
        f"original.{prepared.extension}", ContentFile(prepared.data), save=False
    )
    stored.append(image.original.name)
    _written_add(image.original.name)
    image.save()
    return image


def _image_excerpts_store(
    *, source: Source, owner, pages: list[PreparedImage], words: "PictureWords"
) -> list[Excerpt]:
    """One image excerpt per picture; the transcription, its adapted wording and
    glossary go with the first."""
    caption = words.caption.strip()
    excerpts, stored = [], []
    try:
        with transaction.atomic():
            titles = _image_titles(words.title, words.alt_text.strip(), pages)
            for index, (prepared, (page_title, page_alt)) in enumerate(
                zip(pages, titles, strict=True)
            ):
                excerpt = Excerpt(
                    source=source,
                    owner=owner,
                    kind=Excerpt.Kind.IMAGE,
                    title=page_title,
                    text=normalize_paragraphs(words.transcription)
                    if index == 0
                    else "",
                    adapted_text=normalize_paragraphs(words.adapted_text)
                    if index == 0
                    else "",
                    order=next_order(source),
                )
                excerpt.slug = unique_slug(
                    page_title, lambda s: source.excerpts.filter(slug=s).exists()
                )
                excerpt.full_clean()
                excerpt.save()
                image = _image_add(
                    excerpt=excerpt,
                    prepared=prepared,
                    alt_text=page_alt,
                    caption=caption,
                    stored=stored,
                )
                _derive_later(image.pk, owner)
                if index == 0:
                    glossary_set(excerpt=excerpt, terms=words.glossary)
                excerpts.append(excerpt)
    except Exception:
        # Nothing of a refused or failed upload stays behind, not even a file.
        files_delete(stored)
        raise
    return excerpts


@dataclass(frozen=True)
class PictureWords:
    """The words that go with an uploaded picture."""

    title: str
    alt_text: str
    caption: str = ""
    transcription: str = ""
    adapted_text: str = ""
    glossary: Iterable[tuple[str, str]] = ()


def image_excerpts_create(
    *, source: Source, owner, upload, words: PictureWords
) -> list[Excerpt]:
    """Add a picture (JPEG, PNG, WebP, TIFF) or the pages of a scanned PDF to a
    source, one image excerpt each, with its text alternative (required) and
    caption; the transcription goes with the first page. The upload is checked and
    re-encoded without metadata (``sources.imaging``); a refusal raises
    ``ValidationError`` on ``upload`` and stores nothing. The display copy and the
    thumbnail are made afterwards, by a job (``excerpt_image_derive_job``)."""
    if not words.alt_text.strip():
        raise ValidationError(
            {"alt_text": _("Describe the picture for readers who cannot see it.")},
            code="required",
        )
    try:
        pages = prepare_upload(upload)
    except ImageRefused as refused:
        raise ValidationError({"upload": refused.messages}, code="refused") from None
    excerpts = _image_excerpts_store(
        source=source, owner=owner, pages=pages, words=words
    )
    return excerpts


# A detail smaller than this (in pixels of the picture, either side) is refused:
# too small to read, and most likely a slip of the mouse.
DETAIL_MIN_PIXELS = 16


@dataclass(frozen=True)
class Rectangle:
    """A rectangle on a picture, in its pixels: top-left corner and size."""

    left: int
    top: int
    width: int
    height: int


def _detail_box(image: ExcerptImage, rect: Rectangle) -> tuple[int, int, int, int]:
    """The rectangle as a crop box, or ``ValidationError`` naming the field at
    fault: inside the picture, at least ``DETAIL_MIN_PIXELS`` each way, and not
    the whole picture."""
    values = (rect.left, rect.top, rect.width, rect.height)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ValidationError(_("The rectangle must be whole pixels."), code="invalid")
    size = {"width": image.width, "height": image.height}
    errors = {}
    for start, length, side in (
        ("left", "width", "width"),
        ("top", "height", "height"),
    ):
        begin, extent = getattr(rect, start), getattr(rect, length)
        if begin < 0 or begin >= size[side]:
            errors[start] = _("Give a number from 0 to %(last)s.") % {
                "last": size[side] - 1
            }
        elif extent < DETAIL_MIN_PIXELS:
            errors[length] = _("A detail is at least %(n)s pixels %(side)s.") % {
                "n": DETAIL_MIN_PIXELS,
                "side": _("wide") if side == "width" else _("high"),
            }
        elif begin + extent > size[side]:
            errors[length] = _(
                "The detail runs off the picture: at most %(most)s pixels from "
                "there (the picture is %(size)s pixels %(side)s)."
            ) % {
                "most": size[side] - begin,
                "size": size[side],
                "side": _("wide") if side == "width" else _("high"),
            }
    if errors:
        raise ValidationError(errors, code="outside")
    if values == (0, 0, image.width, image.height):
        raise ValidationError(
            {"width": _("That is the whole picture: mark a smaller part of it.")},
            code="whole",
        )
    return (rect.left, rect.top, rect.left + rect.width, rect.top + rect.height)


def image_detail_create(
    *, excerpt: Excerpt, owner, rect: Rectangle, words: PictureWords
) -> Excerpt:
    """Save a rectangle of an image excerpt's picture as an excerpt of its own in
    the same source (a "detail": the face in a crowd, the small print on a
    poster), with its own words; the text alternative is required. The detail
    records the excerpt it was cut from and where (``detail_of``, ``detail_box``). The rectangle
    is in the picture's pixels and must lie inside it (``ValidationError`` on the
    field at fault otherwise; nothing is stored). The new picture is cut from the
    stored original and gets its own smaller copies by the usual job."""
    if not excerpt.is_image:
        raise ValidationError(_("Only a picture has details."), code="not_a_picture")
    if not words.alt_text.strip():
        raise ValidationError(
            {"alt_text": _("Describe the detail for readers who cannot see it.")},
            code="required",
        )
    image = excerpt.image
    box = _detail_box(image, rect)
    with image.original.open("rb") as stored:
        prepared = crop(stored.read(), box)
    with picture_files_kept_on_success(), transaction.atomic():
        (detail,) = _image_excerpts_store(
            source=excerpt.source, owner=owner, pages=[prepared], words=words
        )
        part = detail.image
        part.detail_of = excerpt
        part.detail_box = f"{rect.left},{rect.top},{rect.width},{rect.height}"
        part.save(update_fields=["detail_of", "detail_box"])
    return detail


def picture_attach(
    *, excerpt: Excerpt, data: bytes, alt_text: str, details: dict | None = None
) -> ExcerptImage:
    """Give an image excerpt (made by a unit package's import) its picture: the
    bytes are checked (``check_stored_picture``) and stored exactly as they are, so
    a picture exported and imported elsewhere is the same file; ``details`` may
    give its caption, page and uploaded format. Refused with
    ``ValidationError`` when the bytes are not an accepted picture."""
    try:
        prepared = check_stored_picture(data)
    except ImageRefused as refused:
        raise ValidationError(refused.messages, code="refused") from None
    details = details or {}
    prepared = replace(
        prepared,
        page=details.get("page"),
        uploaded_format=details.get("uploaded_format") or prepared.uploaded_format,
    )
    stored: list[str] = []
    try:
        with transaction.atomic():
            image = _image_add(
                excerpt=excerpt,
                prepared=prepared,
                alt_text=alt_text,
                caption=details.get("caption") or "",
                stored=stored,
            )
            _derive_later(image.pk, None)
    except Exception:
        files_delete(stored)
        raise
    return image


def _derive_later(image_id: int, owner) -> None:
    # Started in the upload's transaction: the job exists exactly when the picture
    # does (a worker runs it; with the immediate backend, straight after the commit).
    job_start(
        handler=excerpt_image_derive_job,
        title=_("Smaller copies of a picture"),
        payload={"image_id": image_id},
        owner=owner,
        key=f"excerpt-image-derive-{image_id}",
    )


@transaction.atomic
def image_excerpt_update(*, excerpt: Excerpt, words: PictureWords) -> Excerpt:
    """Change an image excerpt's words: its title, the text alternative (never
    empty), caption, transcription with its adapted wording, and glossary. The
    picture itself stays as uploaded."""
    image = excerpt.image
    image.alt_text, image.caption = words.alt_text.strip(), words.caption.strip()
    image.full_clean(exclude=["excerpt"])
    excerpt.title = words.title
    excerpt.text = normalize_paragraphs(words.transcription)
    excerpt.adapted_text = normalize_paragraphs(words.adapted_text)
    excerpt.full_clean()
    excerpt.save(update_fields=["title", "text", "adapted_text", "updated_at"])
    image.save(update_fields=["alt_text", "caption"])
    glossary_set(excerpt=excerpt, terms=words.glossary)
    return excerpt


def excerpt_image_derive(*, image_id: int) -> ExcerptImage | None:
    """Make the display copy and the thumbnail of a stored picture (once: a
    picture that has both is left alone). None when the picture is gone."""
    image = ExcerptImage.objects.filter(pk=image_id).first()
    if image is None or (image.display and image.thumbnail):
        return image
    with image.original.open("rb") as stored:
        data = stored.read()
    made = []
    for field, pixels in (
        (image.display, DISPLAY_PIXELS),
        (image.thumbnail, THUMBNAIL_PIXELS),
    ):
        copy, _width, _height = derivative(data, pixels)
        filename = f"{field.field.name}.webp"
        # A run whose worker died after writing and before recording left this
        # file: replace it rather than leave it behind under a new name.
        default_storage.delete(field.field.generate_filename(image, filename))
        field.save(filename, ContentFile(copy), save=False)
        made.append(field.name)
    updated = ExcerptImage.objects.filter(pk=image.pk).update(
        display=image.display.name, thumbnail=image.thumbnail.name
    )
    if not updated:  # deleted meanwhile
        files_delete(made)
    return image


@job_handler(atomic=False)
def excerpt_image_derive_job(context: JobContext, *, image_id: int) -> dict:
    """The smaller copies, made by a worker after the upload commits (not atomic:
    it writes files; running it again after a lost worker is harmless, since a
    picture that has both copies is left alone)."""
    context.progress(0, _("Making the display copy and thumbnail"))
    image = excerpt_image_derive(image_id=image_id)
    return {"image_id": image_id, "made": image is not None}


# A file younger than this is never swept: it may belong to a transaction or a job
# still under way (a large package's import, a copy being made).
SWEEP_GRACE = timedelta(hours=6)
PICTURES_FOLDER = "excerpt-images"


def _old_enough(name: str, cutoff) -> bool:
    try:
        return default_storage.get_modified_time(name) < cutoff
    except (FileNotFoundError, OSError):
        return False


def _folder_files(folder: str) -> list[str]:
    try:
        _dirs, names = default_storage.listdir(f"{PICTURES_FOLDER}/{folder}")
    except FileNotFoundError:
        return []
    return [f"{PICTURES_FOLDER}/{folder}/{name}" for name in names]


def picture_files_sweep(*, older_than: timedelta = SWEEP_GRACE) -> list[str]:
    """Remove stored picture files no picture records (older than ``older_than``):
    those of an upload or import whose transaction rolled back after writing, and
    the copies a job wrote before its worker died, before recording them (the job
    run again writes new ones). Workers run it now and then
    (``PORTAL_WORKER_PERIODIC``); returns the names removed.

    It lists the pictures' folders once, then looks inside only the folders no
    picture owns and those of pictures still missing a copy, so its cost follows
    the leftovers, not the size of the library."""
    cutoff = timezone.now() - older_than
    try:
        folders, _loose = default_storage.listdir(PICTURES_FOLDER)
    except FileNotFoundError:
        return []
    known = set(ExcerptImage.objects.values_list("folder", flat=True))
    candidates = [name for f in folders if f not in known for name in _folder_files(f)]
    unfinished = ExcerptImage.objects.filter(Q(display="") | Q(thumbnail=""))
    for image in unfinished:
        recorded = set(_image_names(image))
        candidates += [n for n in _folder_files(image.folder) if n not in recorded]
    # A copy recorded just now (a job finishing meanwhile) is never taken.
    recorded_now = set(
        ExcerptImage.objects.filter(
            Q(original__in=candidates)
            | Q(display__in=candidates)
            | Q(thumbnail__in=candidates)
        ).values_list("original", "display", "thumbnail")
    )
    recorded_names = {name for row in recorded_now for name in row}
    removed = [
        n for n in candidates if n not in recorded_names and _old_enough(n, cutoff)
    ]
    files_delete(removed)
    return removed
