"""What every request and response goes through at the edge of the portal.

- NUL characters are taken out of every query-string and form value before a view
  sees them; an address holding one answers 404. No text a person types holds one,
  PostgreSQL refuses them in text (a server error in whatever view passed one on,
  such as an admin filter), and taking them out keeps the rest of what was typed: an
  answer is never lost over an invisible character.
- A page or download for a signed-in person is marked ``Cache-Control: private,
  no-store``: pupils share computers, and a roster, a gradebook or an answer must not
  be kept by the browser (or a proxy) for the next person to find with Back. A view
  that sets its own Cache-Control (a library picture) keeps it.
"""

from django.http import Http404, QueryDict
from django.utils.cache import patch_cache_control

NUL = "\x00"


def _without_nul(data: QueryDict) -> QueryDict | None:
    """A copy of ``data`` with NUL characters taken out of keys and values, or None
    when there were none (the common case costs one pass, no copy)."""
    if not any(NUL in key or any(NUL in v for v in data.getlist(key)) for key in data):
        return None
    clean = QueryDict(mutable=True)
    for key in data:
        clean.setlist(
            key.replace(NUL, ""), [v.replace(NUL, "") for v in data.getlist(key)]
        )
    clean._mutable = False
    return clean


def _strip_nul_when_read(request) -> None:
    """Take NUL characters out of the form's values when the form is first read,
    not before: a view may still set its upload handlers until then
    (``portal.uploads.limit_uploads``)."""
    load = request._load_post_and_files

    def load_then_strip():
        load()
        if (clean := _without_nul(request._post)) is not None:
            request._post = clean

    request._load_post_and_files = load_then_strip


class EdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            # No page's address holds one; a lookup by it would reach the database.
            raise Http404("No such page.")
        if (clean := _without_nul(request.GET)) is not None:
            request.GET = clean
        if request.method == "POST":
            _strip_nul_when_read(request)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A view that chose its caching (a library picture kept privately for a
        # year, a never_cache page) keeps its choice; everything else a signed-in
        # person is shown is not stored.
        signed_in = user is not None and user.is_authenticated
        if signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
