"""A size limit on uploaded files that still lets the form answer with a message.

Django keeps every byte of an upload (in memory or a temporary file) before a form
sees it, so a 200 MB file would be written to disk only to be refused. With
``UploadSizeLimit`` first in a view's upload handlers, a file's bytes past the limit
are thrown away as they arrive; the form then gets an ``OversizedUpload`` that
knows how big the file was, and refuses it beside its field while the other fields
the person filled in are kept.

The handlers of a request must be set before anything reads ``request.POST`` (the
edge middleware's clean-up and the CSRF check both do): a view declares its limit
with ``limit_uploads`` and ``portal.edge.EdgeMiddleware`` installs the handler from
``process_view``, before either reads the form.
"""

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


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


UPLOAD_LIMIT_MARK = "portal_upload_max_bytes"


def install_upload_limit(request, view_func) -> None:
    """Put the view's limiting handler first, if it declares a limit and the form
    has not been read yet (``portal.edge.EdgeMiddleware`` calls this before any
    middleware reads the form)."""
    max_bytes = getattr(view_func, UPLOAD_LIMIT_MARK, None)
    if max_bytes is None or hasattr(request, "_files"):
        return
    if not any(isinstance(h, UploadSizeLimit) for h in request.upload_handlers):
        request.upload_handlers.insert(
            0, UploadSizeLimit(request, max_bytes=max_bytes())
        )


def limit_uploads(max_bytes):
    """Declare that each file uploaded to this view keeps at most ``max_bytes()``
    bytes (a callable, so a setting changed in a test applies). The handler is put
    in place by ``portal.edge.EdgeMiddleware`` before the form is read."""

    def decorate(view):
        setattr(view, UPLOAD_LIMIT_MARK, max_bytes)
        return view

    return decorate
