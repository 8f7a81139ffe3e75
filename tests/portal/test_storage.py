"""The default storage follows the environment: the local disk, or the S3 bucket
``PORTAL_S3_*`` name, private (no ACL written, no public addresses)."""

from portal.storage import s3_storage_options
from tests.process import django_process

SHOW = (
    "from django.core.files.storage import default_storage as s\n"
    "s._setup()\n"
    "w = s._wrapped\n"
    "print(type(w).__name__, getattr(w, 'bucket_name', '-'),"
    " getattr(w, 'location', '-'), getattr(w, 'default_acl', '-'))"
)


def test_without_a_bucket_files_are_on_the_local_disk():
    shown = django_process(SHOW, drop=("PORTAL_S3_BUCKET",)).stdout.split()
    assert shown[0] == "FileSystemStorage"


def test_a_bucket_named_in_the_environment_becomes_the_default_storage():
    shown = django_process(
        SHOW,
        PORTAL_S3_BUCKET="school-media",
        PORTAL_S3_PREFIX="/portal/",
        PORTAL_S3_ENDPOINT_URL="http://127.0.0.1:9",
    ).stdout.split()
    assert shown == ["S3Storage", "school-media", "portal", "None"]


def test_keys_are_used_only_when_given():
    assert "access_key" not in s3_storage_options({"PORTAL_S3_BUCKET": "b"})
    options = s3_storage_options(
        {
            "PORTAL_S3_BUCKET": "b",
            "PORTAL_S3_ACCESS_KEY_ID": "id",
            "PORTAL_S3_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert (options["access_key"], options["secret_key"]) == ("id", "secret")
    assert options["querystring_auth"] and not options["file_overwrite"]
