"""Uploaded files on an S3-compatible object store: django-storages' options read
from the ``PORTAL_S3_*`` variables (see docs/deployment.md, "Object storage")."""

from collections.abc import Mapping


def s3_storage_options(environ: Mapping[str, str]) -> dict:
    """django-storages' S3 options from PORTAL_S3_* variables. The bucket stays
    private: no ACL is set on objects (the bucket's own policy, private, rules),
    nothing is ever given a public address (files are served by the portal's checked
    view), and a name already taken gets a new one, as on the local disk."""
    options = {
        "bucket_name": environ["PORTAL_S3_BUCKET"],
        "location": environ.get("PORTAL_S3_PREFIX", "").strip("/"),
        "region_name": environ.get("PORTAL_S3_REGION") or None,
        "endpoint_url": environ.get("PORTAL_S3_ENDPOINT_URL") or None,
        "addressing_style": environ.get("PORTAL_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        # A picture being served or checked is read into memory up to this size,
        # then into a temporary file.
        "max_memory_size": 8 * 1024 * 1024,
    }
    # Without these, boto3 finds credentials itself (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role).
    if environ.get("PORTAL_S3_ACCESS_KEY_ID"):
        options["access_key"] = environ["PORTAL_S3_ACCESS_KEY_ID"]
        options["secret_key"] = environ.get("PORTAL_S3_SECRET_ACCESS_KEY", "")
    return options


def s3_storage(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry for the bucket the variables name."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_storage_options(environ),
    }
