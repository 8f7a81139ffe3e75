"""Bad input, property-based: every route, as a person allowed in, with hostile
values in every field its page has (and the names pages commonly use), in its URL
and in its query string. The portal must answer with a page, a message or a
refusal: never a server error (5xx).

Values (hypothesis): NUL bytes, lone surrogates (sent as the raw bytes a broken
client sends), 1 MB of text, huge and negative numbers, dates at and beyond the
calendar's ends, non-numeric and non-ASCII ids, markup and template syntax; and, once
per route, 5,000 fields. The walk comes from the URL resolver, so a new route is
fuzzed as soon as it has its access row and sample builder."""

from urllib.parse import quote_from_bytes

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.access import Audience, audience_for
from tests.security import figures
from tests.security.conftest import ROLE
from tests.security.forms import forms_of
from tests.test_access_policy import ALLOWED, ROUTES
from tests.url_samples import URL_KWARGS

PROBE = "bad input"
EXAMPLES = 8
# Names pages use for ids, numbers and words, tried on every route too.
COMMON = [
    "pk", "id", "student", "students", "only", "excerpt", "source", "lesson",
    "prompt", "classrooms", "revision", "paragraph", "quotation", "text", "q",
    "page", "direction", "status", "sort", "code", "username", "password",
    "due_at", "available_from", "points", "next", "remove_citation", "accept",
    "hidden", "closed", "archived", "confirm", "action", "_selected_action",
]  # fmt: skip
SURROGATE = "\ud800".encode("utf-8", "surrogatepass")  # not valid UTF-8
SPECIAL_TEXT = [
    "", " ", "\x00", "a\x00b", "²", "١٢", "-1", "0", "2147483648",
    "-2147483649", "9223372036854775808", "99999999999999999999999999", "1e308",
    "NaN", "Infinity", "9999-12-31T23:59", "9999-12-31", "10000-01-01T00:00",
    "0001-01-01T00:00", "0000-00-00", "2026-02-30T25:61", "<script>alert(1)</script>",
    "{{ 7|add:7 }}{% debug %}", "%(name)s", "'; DROP TABLE x; --", "../../etc/passwd",
    "javascript:alert(1)", "//evil.example", "\u202e\ufeff\u200b", "🏳️‍🌈" * 50,
]  # fmt: skip
MEGABYTE = b"x" * (1024 * 1024)

hostile_values = st.one_of(
    st.sampled_from([t.encode() for t in SPECIAL_TEXT]),
    st.sampled_from([SURROGATE, b"a" + SURROGATE + b"b", b"\xff\xfe", b"\xc3"]),
    st.integers(min_value=-(2**80), max_value=2**80).map(lambda n: str(n).encode()),
    st.text(max_size=40).map(lambda t: t.encode()),
)


def _body(data: dict[str, bytes]) -> bytes:
    return "&".join(
        f"{quote_from_bytes(k.encode())}={quote_from_bytes(v)}" for k, v in data.items()
    ).encode()


def _owner(name) -> str:
    allowed = ALLOWED[audience_for(name)]
    if audience_for(name) == Audience.PUBLIC:
        return "anonymous"
    return next(a for a in ["teacher_a", "student_a", "admin"] if ROLE[a] in allowed)


def _fuzzed_routes():
    names = []
    for name in sorted(ROUTES):
        if name.startswith("admin:") and not name.endswith(("_changelist", "_add")):
            continue
        names.append(name)
    return names


class Target:
    def __init__(self, name, actors, client):
        self.name = name
        self.actor = _owner(name)
        self.user = actors[self.actor]
        self.client = client.act_as(self.user)
        builder = URL_KWARGS.get(name)
        # A public route's object (a calendar feed's token) belongs to someone.
        owner = self.user or actors["teacher_a"]
        kwargs = builder(owner) if builder and not name.startswith("admin:") else {}
        self.kwargs = kwargs
        self.url = reverse(name, kwargs=kwargs or None)
        page = self.client.get(self.url)
        self.check(page, "GET", self.url)
        forms = []
        if "html" in page.get("Content-Type", "") and page.status_code == 200:
            forms = [f for f in forms_of(page.content.decode()) if f.method == "post"]
        self.baseline = {k: v.encode() for f in forms for k, v in f.values.items()}
        self.fields = sorted({*self.baseline, *COMMON})
        figures.seen(PROBE, "routes", name)
        figures.count(PROBE, "fields named", len(self.fields))

    def check(self, response, method, url, sent=""):
        figures.count(PROBE, "requests")
        figures.count(PROBE, f"answered {response.status_code // 100}xx")
        assert response.status_code < 500, (
            f"{self.actor} {method} {url} -> {response.status_code} {sent[:300]!r}"
        )

    def post(self, data: dict[str, bytes], url=None):
        url = url or self.url
        self.client.still_signed_in()
        body = _body({**self.baseline, **data})
        response = self.client.post(
            url, body, content_type="application/x-www-form-urlencoded"
        )
        self.check(response, "POST", url, repr(data))

    def get(self, query: dict[str, bytes]):
        self.client.still_signed_in()
        url = f"{self.url}?{_body(query).decode()}"
        self.check(self.client.get(url), "GET", url)


def _hostile_path_values(converter_name: str) -> list[str]:
    """Values each kind of URL argument lets through to the view."""
    if converter_name == "IntConverter":
        return ["0", "2147483648", "9223372036854775808", "9" * 40]
    if converter_name == "UUIDConverter":
        return ["00000000-0000-0000-0000-000000000000"]
    return ["x" * 3000, "%00", "é", "..%2F..%2Fetc", "%ED%A0%80", "1' OR '1'='1"]


def _fuzz_path(target: Target):
    """Each argument in the URL replaced by hostile values its converter lets
    through (the rest stay the sample's)."""
    pattern = ROUTES[target.name].pattern
    converters = getattr(pattern, "converters", {})
    for kwarg, sample in target.kwargs.items():
        converter = type(converters.get(kwarg)).__name__
        segment = f"/{sample}/"
        if segment not in target.url:
            continue
        for value in _hostile_path_values(converter):
            url = target.url.replace(segment, f"/{value}/", 1)
            target.client.still_signed_in()
            target.check(target.client.get(url), "GET", url)
            target.post({}, url=url)
            figures.count(PROBE, "URL arguments tried")


@pytest.mark.parametrize("name", _fuzzed_routes())
def test_no_input_makes_a_server_error(name, actors, browser_client):
    target = Target(name, actors, browser_client)
    # Once per route: 5,000 fields (Django refuses past 1,000 with a 400), and
    # 1 MB in every field the page has.
    target.post({f"f{n}": b"1" for n in range(5000)})
    figures.count(PROBE, "5,000-field posts")
    target.post(dict.fromkeys(target.fields, MEGABYTE))
    figures.count(PROBE, "1 MB posts")
    _fuzz_path(target)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        posted=st.dictionaries(
            st.sampled_from(target.fields), hostile_values, min_size=1, max_size=6
        ),
        query=st.dictionaries(
            st.sampled_from(target.fields), hostile_values, max_size=3
        ),
    )
    def fuzz(posted, query):
        figures.count(PROBE, "hostile values", len(posted) + len(query))
        target.post(posted)
        if query and not any(len(v) > 4096 for v in query.values()):
            target.get(query)

    fuzz()
