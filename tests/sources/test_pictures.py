"""Image excerpts: uploading on the teacher's page (accepted, refused, nothing left
behind), editing their words, the smaller copies, serving the files only to people
who may read the excerpt, and removing the files with the excerpt."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.urls import reverse
from PIL import Image

from jobs.models import Job
from lessons.services import lesson_excerpt_add
from sources import pictures, services
from sources.models import Excerpt, ExcerptImage
from sources.services import source_create
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import (
    StudentFactory,
    TeacherFactory,
    image_build,
    picture_bytes,
    picture_upload,
)
from tests.sources import files

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def poster_source(teacher):
    return source_create(
        owner=teacher, title="Russian War Relief poster", kind="poster"
    )


def upload_url(source):
    return reverse("sources:image_create", kwargs={"slug": source.slug})


def post_upload(client, source, data, name="poster.png", **fields):
    form = {
        "title": "The poster",
        "alt_text": "A Soviet soldier and an American sailor shake hands.",
        "caption": "Poster, 1942.",
        "text": "",
        **fields,
        "upload": picture_upload(data, name=name),
    }
    return client.post(upload_url(source), form)


# --- uploading ----------------------------------------------------------------------


def test_a_teacher_uploads_a_poster_and_reads_it_with_its_words(
    teacher_client, poster_source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(
            teacher_client,
            poster_source,
            picture_bytes(size=(1200, 1800)),
            text="ALLIES FOR VICTORY\n\nBuy war bonds",
        )
    excerpt = Excerpt.objects.get(source=poster_source)
    assert response.status_code == 302
    assert response["Location"] == excerpt.get_absolute_url()
    image = excerpt.image
    assert excerpt.is_image and excerpt.paragraphs == [
        "ALLIES FOR VICTORY",
        "Buy war bonds",
    ]
    assert (image.width, image.height, image.content_type) == (1200, 1800, "image/png")
    assert image.display and image.thumbnail  # made by the task after the commit
    page = teacher_client.get(excerpt.get_absolute_url()).content.decode()
    assert f'src="{image.display_url}"' in page
    assert 'alt="A Soviet soldier and an American sailor shake hands."' in page
    assert "Poster, 1942." in page and "ALLIES FOR VICTORY" in page


def test_a_png_named_jpg_is_accepted_as_png(teacher_client, poster_source):
    post_upload(teacher_client, poster_source, picture_bytes(), name="poster.jpg")
    image = ExcerptImage.objects.get(excerpt__source=poster_source)
    assert image.content_type == "image/png"
    assert image.original.name.endswith(".png")


def test_a_scanned_pdf_becomes_one_excerpt_per_page(teacher_client, poster_source):
    response = post_upload(
        teacher_client, poster_source, files.pdf_of_pages(2), name="letter.pdf"
    )
    excerpts = list(poster_source.excerpts.order_by("order"))
    assert response.status_code == 302
    assert [e.title for e in excerpts] == ["The poster, page 1", "The poster, page 2"]
    assert excerpts[1].image.alt_text.endswith("(page 2 of 2)")
    assert excerpts[1].image.page == 2
    assert all(e.image.original.name.endswith(".jpg") for e in excerpts)


REFUSED = [
    (files.SVG_WITH_SCRIPT, "poster.svg", "not a picture the portal accepts"),
    (files.HTML_PAGE, "poster.png", "not a picture the portal accepts"),
    (files.png_bomb(20_000, 20_000), "poster.png", "million pixels"),
    (files.truncated_jpeg(), "poster.jpg", "damaged or incomplete"),
]


@pytest.mark.parametrize(
    ("data", "name", "message"), REFUSED, ids=["svg", "html", "bomb", "truncated"]
)
def test_a_bad_file_is_refused_beside_its_field_and_leaves_nothing(
    teacher_client, poster_source, settings, data, name, message
):
    response = post_upload(teacher_client, poster_source, data, name=name)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    # The message is next to the file field, and the summary links to it.
    assert 'id="id_upload"' in page and 'href="#id_upload"' in page
    assert "is-invalid" in page.split('id="id_upload"')[0].rsplit("<input", 1)[1]
    # What the teacher typed is still there.
    assert "A Soviet soldier and an American sailor shake hands." in page
    assert not poster_source.excerpts.exists()
    assert stored_files(settings) == []


def test_the_text_alternative_is_required(teacher_client, poster_source, settings):
    response = post_upload(teacher_client, poster_source, picture_bytes(), alt_text="")
    assert response.status_code == 200
    assert 'href="#id_alt_text"' in response.content.decode()
    assert stored_files(settings) == []


class Zeros:
    """A request body that is never held in memory: a multipart form whose file
    part is ``size`` zero bytes, produced as it is read."""

    def __init__(self, head: bytes, size: int, tail: bytes):
        self.parts = [head, None, tail]
        self.remaining = size
        self.total = len(head) + size + len(tail)

    def read(self, n=-1):
        out = b""
        while self.parts and (n < 0 or len(out) < n):
            part = self.parts[0]
            want = (1 << 20) if n < 0 else n - len(out)
            if part is None:
                chunk = b"\0" * min(want, self.remaining)
                self.remaining -= len(chunk)
                if not self.remaining:
                    self.parts.pop(0)
            else:
                chunk, self.parts[0] = part[:want], part[want:]
                if not self.parts[0]:
                    self.parts.pop(0)
            out += chunk
        return out

    def readline(self, size=-1):  # WSGI asks for it; the form parser reads blocks
        return self.read(size if size > 0 else 65536)


def test_a_200_mb_upload_is_refused_without_being_kept(
    client, teacher, poster_source, settings
):
    """The bytes past the limit are thrown away as they arrive; the form says why
    and keeps the other fields."""
    client.force_login(teacher)
    boundary = "----portal-test-boundary"
    fields = {"title": "Huge scan", "alt_text": "A map of Europe.", "caption": ""}
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
        f'filename="map.tif"\r\nContent-Type: image/tiff\r\n\r\n'
    )
    body = Zeros(head.encode(), 200 * 1024 * 1024, f"\r\n--{boundary}--\r\n".encode())
    environ = RequestFactory()._base_environ(
        PATH_INFO=upload_url(poster_source),
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={boundary}",
        CONTENT_LENGTH=str(body.total),
        HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}",
    )
    environ["wsgi.input"] = body
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This file is 200 MB; the largest accepted is 30 MB." in page
    assert "A map of Europe." in page
    assert not poster_source.excerpts.exists()
    assert stored_files(settings) == []


def test_a_gps_tagged_photo_is_stored_without_its_position(
    teacher_client, poster_source
):
    post_upload(teacher_client, poster_source, files.jpeg_with_gps(), name="p.jpg")
    image = ExcerptImage.objects.get(excerpt__source=poster_source)
    with default_storage.open(image.original.name, "rb") as stored:
        data = stored.read()
    assert files.CAMERA.encode() not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert not picture.getexif().get_ifd(0x8825)
        assert not picture.getexif()


def test_another_teachers_source_cannot_get_a_picture(client, poster_source):
    client.force_login(TeacherFactory())
    response = post_upload(client, poster_source, picture_bytes())
    assert response.status_code == 404


# --- editing and deleting -------------------------------------------------------------


def test_the_words_of_a_picture_are_edited_and_the_alternative_stays_required(
    teacher_client, teacher
):
    excerpt = image_build(owner=teacher)
    url = reverse(
        "sources:excerpt_edit",
        kwargs={"slug": excerpt.source.slug, "excerpt_slug": excerpt.slug},
    )
    assert 'alt="A red poster with a white box."' in teacher_client.get(url).text
    refused = teacher_client.post(url, {"title": "Poster", "alt_text": " "})
    assert 'href="#id_alt_text"' in refused.content.decode()
    teacher_client.post(
        url,
        {
            "title": "Poster",
            "alt_text": "Two soldiers.",
            "caption": "1943",
            "text": "UNITED WE STAND",
        },
    )
    excerpt.refresh_from_db()
    assert excerpt.image.alt_text == "Two soldiers."
    assert excerpt.paragraphs == ["UNITED WE STAND"]


def test_deleting_a_picture_removes_its_files(
    teacher, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        excerpt = image_build(owner=teacher)
    assert len(stored_files(settings)) == 3  # the picture, display copy, thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        services.source_delete(source=excerpt.source)
    assert stored_files(settings) == []


# --- serving ----------------------------------------------------------------------------


@pytest.fixture
def private_picture(teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        excerpt = image_build(owner=teacher)
    return excerpt.image


VARIANTS = ["original", "display", "thumbnail"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_owner_gets_each_file_with_its_type_nosniff_and_long_caching(
    teacher_client, private_picture, variant
):
    response = teacher_client.get(private_picture.url(variant))
    assert response.status_code == 200
    expected = "image/png" if variant == "original" else "image/webp"
    assert response["Content-Type"] == expected
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(body)) as picture:
        assert picture.format == ("PNG" if variant == "original" else "WEBP")


def _outsiders(teacher):
    """A student of another class, another teacher, a signed-out visitor."""
    other_class = build_assignment(TeacherFactory(), prompts=1)
    return {
        "student elsewhere": enrol(other_class.classroom),
        "another teacher": TeacherFactory(),
        "signed out": None,
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_private_picture_answers_404_to_everyone_else(
    client, teacher, private_picture, variant
):
    for who, person in _outsiders(teacher).items():
        client.logout()
        if person is not None:
            client.force_login(person)
        response = client.get(private_picture.url(variant))
        assert response.status_code == 404, who


def test_students_of_a_class_assigned_the_picture_see_it(client, teacher):
    assignment = build_assignment(teacher, prompts=1)
    excerpt = image_build(owner=teacher)
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=excerpt)
    student = enrol(assignment.classroom)
    client.force_login(student)
    assert client.get(excerpt.image.display_url).status_code == 200
    client.force_login(StudentFactory())
    assert client.get(excerpt.image.display_url).status_code == 404


def test_a_copy_not_made_yet_is_stood_in_for_by_the_picture_uncached(
    teacher_client, teacher
):
    image = image_build(owner=teacher).image  # its task has not run
    response = teacher_client.get(image.display_url)
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-cache"


def test_an_old_or_unknown_address_answers_404(teacher_client, private_picture):
    kwargs = {"pk": private_picture.pk, "variant": "display", "version": "0" * 16}
    assert (
        teacher_client.get(reverse("sources:excerpt_image", kwargs=kwargs)).status_code
        == 404
    )
    kwargs.update(version=private_picture.version, variant="exif")
    assert (
        teacher_client.get(reverse("sources:excerpt_image", kwargs=kwargs)).status_code
        == 404
    )


# --- the admin ----------------------------------------------------------------------


def test_an_admin_edits_a_pictures_words_and_finds_the_upload_page(client, staff):
    client.force_login(staff)
    excerpt = image_build(owner=None)
    source_page = client.get(
        reverse("admin:sources_source_change", args=[excerpt.source.pk])
    ).content.decode()
    assert reverse("sources:image_create", kwargs={"slug": excerpt.source.slug}) in (
        source_page
    )
    url = reverse("admin:sources_excerpt_change", args=[excerpt.pk])
    page = client.get(url).content.decode()
    assert excerpt.image.thumbnail_url in page
    form = {
        "source": excerpt.source.pk,
        "slug": excerpt.slug,
        "title": excerpt.title,
        "text": "",
        "adapted_text": "",
        "language": "en",
        "order": excerpt.order,
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "image-TOTAL_FORMS": "1",
        "image-INITIAL_FORMS": "1",
        "image-MIN_NUM_FORMS": "0",
        "image-MAX_NUM_FORMS": "0",
        "image-0-id": excerpt.image.pk,
        "image-0-excerpt": excerpt.pk,
        "image-0-alt_text": "A red field with a white square.",
        "image-0-caption": "",
        "glossary-TOTAL_FORMS": "0",
        "glossary-INITIAL_FORMS": "0",
        "glossary-MIN_NUM_FORMS": "0",
        "glossary-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    excerpt.image.refresh_from_db()
    assert excerpt.image.alt_text == "A red field with a white square."


def test_the_smaller_copies_are_made_by_one_job_per_picture(
    teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = image_build(owner=teacher).image
    job = Job.objects.get(key=f"excerpt-image-derive-{image.pk}")
    assert (job.status, job.owner) == (Job.Status.DONE, teacher)
    image.refresh_from_db()
    with default_storage.open(image.thumbnail.name, "rb") as thumb:
        assert Image.open(thumb).size == (320, 240)


def test_an_upload_holding_a_nul_in_a_field_still_goes_through_the_size_limit(
    teacher_client, poster_source, django_capture_on_commit_callbacks
):
    """The edge middleware takes NUL characters out of a form when it is read; it
    must not read it first, or the upload's size limit cannot be set (500)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(
            teacher_client,
            poster_source,
            picture_bytes(size=(600, 900)),
            title="The po\x00ster",
        )
    assert response.status_code == 302
    assert Excerpt.objects.get(source=poster_source).title == "The poster"


# --- leftover files -----------------------------------------------------------------


class WorkerDied(BaseException):
    """Stands for a worker killed between writing files and recording them."""


def _dies_after_writes(monkeypatch, count: int):
    real_save = FileSystemStorage.save
    writes = []

    def save(self, name, content, max_length=None):
        stored = real_save(self, name, content, max_length=max_length)
        writes.append(stored)
        if len(writes) == count:
            raise WorkerDied
        return stored

    monkeypatch.setattr(FileSystemStorage, "save", save)
    return writes


def _job_dies_after_writing_its_copies(image, monkeypatch) -> list[str]:
    lost = _dies_after_writes(monkeypatch, 2)
    with pytest.raises(WorkerDied):
        pictures.excerpt_image_derive(image_id=image.pk)
    monkeypatch.undo()
    return lost


def _left(settings) -> set[str]:
    return {str(p.relative_to(settings.MEDIA_ROOT)) for p in stored_files(settings)}


def _recorded(image) -> set[str]:
    image.refresh_from_db()
    return {image.original.name, image.display.name, image.thumbnail.name}


def test_a_copies_job_run_again_after_its_worker_died_leaves_no_stray_file(
    teacher, teacher_client, settings, monkeypatch
):
    image = image_build(owner=teacher).image  # its copies' job has not run yet
    # The worker dies after writing both copies, before recording them.
    lost = _job_dies_after_writing_its_copies(image, monkeypatch)
    assert len(lost) == 2 and len(stored_files(settings)) == 3
    # The job runs again (another worker took it over): it replaces them.
    pictures.excerpt_image_derive(image_id=image.pk)
    assert _left(settings) == _recorded(image)
    assert teacher_client.get(image.display_url).status_code == 200


def test_copies_a_dead_job_wrote_without_recording_are_swept(
    teacher, teacher_client, settings, monkeypatch
):
    image = image_build(owner=teacher).image
    lost = _job_dies_after_writing_its_copies(image, monkeypatch)
    # A sweep leaves young files alone (a job may be writing them)...
    assert pictures.picture_files_sweep() == []
    # ...and removes old unrecorded ones, and nothing else.
    assert sorted(pictures.picture_files_sweep(older_than=timedelta(0))) == sorted(lost)
    assert _left(settings) == {image.original.name}
    assert teacher_client.get(image.display_url).status_code == 200  # the picture
    pictures.excerpt_image_derive(image_id=image.pk)
    assert _left(settings) == _recorded(image)


def test_files_of_an_upload_rolled_back_later_are_removed_or_swept(
    teacher, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = image_build(owner=teacher, title="Kept").image
    source = source_create(owner=teacher, title="Another poster", kind="poster")

    # A caller whose transaction fails after storing a picture, inside the guard:
    # its file goes with the rows.
    with (
        pytest.raises(RuntimeError),
        pictures.picture_files_kept_on_success(),
        transaction.atomic(),
    ):
        pictures.image_excerpts_create(
            source=source,
            owner=teacher,
            upload=picture_upload(picture_bytes()),
            words=pictures.PictureWords(title="Gone", alt_text="Gone."),
        )
        raise RuntimeError("the rest of the work failed")
    assert len(stored_files(settings)) == 3
    # Without the guard (a process killed mid-transaction), the sweep removes it.
    with pytest.raises(RuntimeError), transaction.atomic():
        pictures.image_excerpts_create(
            source=source,
            owner=teacher,
            upload=picture_upload(picture_bytes()),
            words=pictures.PictureWords(title="Gone", alt_text="Gone."),
        )
        raise RuntimeError("killed")
    assert len(stored_files(settings)) == 4
    removed = pictures.picture_files_sweep(older_than=timedelta(0))
    assert len(removed) == 1 and removed[0].endswith("/original.png")
    assert _left(settings) == _recorded(kept)


def test_the_workers_sweep_leftover_picture_files(settings):
    assert (
        "sources.pictures.picture_files_sweep",
        6 * 60 * 60,
    ) in settings.PORTAL_WORKER_PERIODIC
