"""Unit packages with pictures on an S3-compatible store (a real SeaweedFS server
on the loopback, tests/s3.py): exported from the bucket and imported into it
byte for byte, and an import that fails after storing its pictures leaves no
object behind."""

import pytest

from lessons.models import Unit
from packages.archive import PackageError
from packages.services import unit_package_export, unit_package_import
from sources.models import Excerpt, ExcerptImage, Source
from tests.packages.test_packages import broken_after_its_pictures, pictured_unit

pytestmark = pytest.mark.django_db
__all__ = ["pictured_unit"]  # the fixture, used here


@pytest.fixture
def pictured_unit_s3(s3_storage, pictured_unit):
    return pictured_unit


def _pictures(store) -> dict[str, tuple[bytes, str]]:
    return {
        e.title: (store.read(e.image.original.name), e.image.alt_text)
        for e in Excerpt.objects.filter(kind="image").select_related("image")
    }


def test_a_unit_exported_from_the_bucket_is_imported_into_it_byte_for_byte(
    pictured_unit_s3, s3_storage, django_capture_on_commit_callbacks
):
    before = _pictures(s3_storage)
    assert len(s3_storage.names()) == 6  # two pictures, each with its two copies
    package = unit_package_export(unit=pictured_unit_s3)
    Unit.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        Source.objects.all().delete()
    s3_storage.empty()

    with django_capture_on_commit_callbacks(execute=True):
        result = unit_package_import(data=package)

    assert result.counts["pictures"]["created"] == 2
    assert _pictures(s3_storage) == before
    names = sorted(
        f.name
        for image in ExcerptImage.objects.all()
        for f in (image.original, image.display, image.thumbnail)
    )
    assert "" not in names  # the copies were made again, in the bucket
    assert s3_storage.names() == names


def test_an_import_failing_after_storing_its_pictures_leaves_no_object(
    pictured_unit_s3, s3_storage
):
    package = broken_after_its_pictures(unit_package_export(unit=pictured_unit_s3))
    Unit.objects.all().delete()
    Source.objects.all().delete()
    s3_storage.empty()

    with pytest.raises(PackageError, match="not valid here"):
        unit_package_import(data=package)

    assert not ExcerptImage.objects.exists()
    assert s3_storage.names() == []
