"""Pictures on an S3-compatible object store (a real SeaweedFS server on the
loopback, tests/s3.py), configured as a deployment would with ``PORTAL_S3_*``:
uploads, the smaller copies made by the job, serving through the checked view
only (the bucket gives nothing to a plain address), removal with the excerpt, and
a real worker process writing the copies into the store."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from storages.backends.s3 import S3Storage

from jobs.models import Job
from sources import services
from sources.models import Excerpt, ExcerptImage
from sources.pictures import picture_files_sweep
from sources.services import source_create
from tests.builders import TeacherFactory, image_build, picture_bytes, picture_upload
from tests.worker import DATABASE_BACKEND, wait_for, worker_process

pytestmark = pytest.mark.django_db


def _upload(client, source, data):
    return client.post(
        reverse("sources:image_create", kwargs={"slug": source.slug}),
        {
            "title": "The poster",
            "alt_text": "A Soviet soldier and an American sailor shake hands.",
            "caption": "Poster, 1942.",
            "text": "ALLIES FOR VICTORY",
            "upload": picture_upload(data),
        },
    )


def test_an_upload_and_its_copies_are_stored_in_the_bucket_and_served_by_the_portal(
    s3_storage, teacher, teacher_client, client, django_capture_on_commit_callbacks
):
    source = source_create(owner=teacher, title="Allies poster", kind="poster")
    data = picture_bytes(size=(2000, 1200))
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(teacher_client, source, data)
    assert response.status_code == 302
    image = ExcerptImage.objects.get(excerpt__source=source)
    folder = f"excerpt-images/{image.folder}/"
    # The picture, and the display copy and thumbnail made by the job, are objects
    # in the bucket (nothing on the local disk).
    assert s3_storage.names() == [
        f"{folder}display.webp",
        f"{folder}original.png",
        f"{folder}thumbnail.webp",
    ]
    assert isinstance(default_storage._wrapped, S3Storage)
    assert s3_storage.read(image.original.name) == data  # PNG in, PNG stored
    served = teacher_client.get(image.original_url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == data
    display = teacher_client.get(image.display_url)
    assert display["Content-Type"] == "image/webp"
    assert b"".join(display.streaming_content) == s3_storage.read(image.display.name)
    # The reading page shows it from the portal's address, never the store's.
    page = teacher_client.get(image.excerpt.get_absolute_url()).content.decode()
    assert f'src="{image.display_url}"' in page
    assert s3_storage.endpoint not in page
    # Another teacher and a signed-out visitor get 404; the store itself answers
    # a plain (unsigned) request for the object with a refusal.
    client.logout()
    assert client.get(image.display_url).status_code == 404
    client.force_login(TeacherFactory())
    assert client.get(image.original_url).status_code == 404
    for key in s3_storage.names():
        assert s3_storage.anonymous_status(key) == 403


def test_removing_a_picture_removes_its_objects(
    s3_storage, teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        excerpt = image_build(owner=teacher)
        kept = image_build(owner=teacher, title="Kept poster")
    assert len(s3_storage.names()) == 6
    with django_capture_on_commit_callbacks(execute=True):
        services.source_delete(source=excerpt.source)
    kept = ExcerptImage.objects.get(excerpt=kept)
    assert s3_storage.names() == sorted(
        f.name for f in (kept.original, kept.display, kept.thumbnail)
    )
    assert Excerpt.objects.filter(pk=excerpt.pk).count() == 0


@pytest.mark.postgres
def test_a_worker_configured_by_the_environment_writes_the_copies_to_the_store(
    s3_storage, settings, teacher, tmp_path, transactional_db
):
    """The production path: the web process stores the upload, a separate
    ``db_worker`` process (told only PORTAL_S3_*) makes the copies in the bucket."""
    settings.TASKS = DATABASE_BACKEND
    with worker_process(tmp_path, **s3_storage.environment()) as worker:
        excerpt = image_build(owner=teacher, data=picture_bytes(size=(1800, 900)))
        image = excerpt.image
        job = Job.objects.get(key=f"excerpt-image-derive-{image.pk}")
        wait_for(
            lambda: Job.objects.filter(pk=job.pk, status=Job.Status.DONE).exists(),
            what=f"the copies job ({worker.output()[-2000:]})",
        )
    image.refresh_from_db()
    assert image.display.name.startswith(f"excerpt-images/{image.folder}/display")
    assert sorted(s3_storage.names()) == sorted(
        [image.original.name, image.display.name, image.thumbnail.name]
    )
    assert s3_storage.read(image.thumbnail.name)[:4] == b"RIFF"  # WebP


def test_the_sweep_removes_objects_no_picture_records(
    s3_storage, teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = image_build(owner=teacher).image
    image.refresh_from_db()
    kept = sorted([image.original.name, image.display.name, image.thumbnail.name])
    # What a worker killed inside an upload's transaction leaves: an object whose
    # row was never committed.
    stray = default_storage.save(
        "excerpt-images/0123456789abcdef0123456789abcdef/original.png",
        ContentFile(picture_bytes()),
    )
    assert picture_files_sweep() == []  # too young: it may be mid-upload
    assert picture_files_sweep(older_than=timedelta(0)) == [stray]
    assert s3_storage.names() == kept
