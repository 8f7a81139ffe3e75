"""A size limit on uploaded files that still lets the form answer with a message.

Django keeps every byte of an upload (in memory or a temporary file) before a form
sees it, so a 200 MB file would be written to disk only to be refused. With
``UploadSizeLimit`` first in a view's upload handlers, a file's bytes past the limit
are thrown away as they arrive; the form then gets an ``OversizedUpload`` that
knows how big the file was, and refuses it beside its field while the other fields
the person filled in are kept.

The handlers of a request must be set before anything reads ``request.POST``, which
the CSRF check does: a view using this is ``csrf_exempt`` and checks the token
itself afterwards with ``csrf_protect`` (see ``limit_uploads``).
"""

import io
from functools import wraps

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class OversizedUpload(UploadedFile):
    """What is left of a file that passed the limit: its name and its size."""

    oversized = True

    def __init__(self, name: str, size: int, content_type: str):
        super().__init__(io.BytesIO(b""), name, content_type, size)


class UploadSizeLimit(FileUploadHandler):
    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            return None  # later handlers never see the rest
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.max_bytes:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None


def limit_uploads(max_bytes):
    """Decorate a view so each uploaded file keeps at most ``max_bytes()`` bytes
    (a callable, so a setting changed in a test applies)."""

    def decorate(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_handlers.insert(
                0, UploadSizeLimit(request, max_bytes=max_bytes())
            )
            return protected(request, *args, **kwargs)

        return wrapper

    return decorate
