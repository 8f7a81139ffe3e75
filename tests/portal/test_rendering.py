"""The one renderer for user-written text: Markdown in, only allow-listed HTML out."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from portal.rendering import (
    ALLOWED_TAGS,
    highlight,
    mark_changes,
    mark_terms,
    render_markdown,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    '"><script>alert(1)</script>',
    "<style>body{display:none}</style>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_come_out_as_harmless_text(payload):
    html = render_markdown(payload)
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, html
        assert not [a for a in attrs if a.startswith("on") or a == "style"], html
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), html


def test_markdown_that_teachers_write_still_works():
    html = render_markdown(
        "A **bold** claim and an *aside*.\n\n- one\n- two\n\n[FRUS](https://history.state.gov)"
    )
    assert "<strong>bold</strong>" in html
    assert "<em>aside</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://history.state.gov"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_line_breaks_inside_a_paragraph_are_kept():
    assert "<br" in render_markdown("Office of the Historian\nBureau of Public Affairs")


def test_the_template_filter_uses_the_same_renderer():
    out = Template("{% load portal_tags %}{{ text|markdown }}").render(
        Context({"text": "<script>x</script> *hi*"})
    )
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "<em>hi</em>" in out


def test_glossary_terms_are_marked_once_and_never_inside_links():
    html = render_markdown(
        "[Lend-Lease](https://example.org) and the Lend-Lease Act.\n\nLend-Lease again."
    )
    marked: set[str] = set()
    out = mark_terms(html, {"Lend-Lease": "g1", "Lend-Lease Act": "g2"}, marked)
    assert (
        '<a href="https://example.org" rel="noopener noreferrer nofollow">Lend-Lease</a>'
        in out
    )
    assert '<span class="gloss-term" data-gloss="g2">Lend-Lease Act</span>' in out
    assert out.count('data-gloss="g1"') == 1
    assert out.rindex("again") > out.rindex("gloss-term")


def test_a_term_cannot_inject_markup():
    html = render_markdown("a <b>bold</b> word")
    out = mark_terms(html, {"<b>bold</b>": 'x" onclick="alert(1)'}, set())
    for _tag, attrs in elements(out):
        assert "onclick" not in attrs
    assert "<b>" not in out


def test_search_snippets_escape_everything_but_the_highlight():
    out = highlight("<b>\ue000Yalta\ue001</b> & more")
    assert out == "&lt;b&gt;<mark>Yalta</mark>&lt;/b&gt; &amp; more"


def test_changes_are_marked_word_by_word_and_everything_is_escaped():
    marked = mark_changes(
        "Aid came <late> in 1941.", "Aid came early <b>and</b> in 1941."
    )
    assert str(marked) == (
        "Aid came <del>&lt;late&gt;</del><ins>early &lt;b&gt;and&lt;/b&gt;</ins>"
        " in 1941."
    )
    assert str(mark_changes("Same words.", "Same words.")) == "Same words."
    assert str(mark_changes("", "New")) == "<ins>New</ins>"
    assert str(mark_changes("Gone", "")) == "<del>Gone</del>"


def test_a_text_rendered_again_is_cleaned_the_same_way():
    """Short texts are remembered per process: the second rendering is the cleaned
    HTML again, never the raw Markdown, and a long text gives the same HTML."""
    hostile = "Read **this** <script>alert(1)</script> [link](javascript:alert(2))"
    first, second = render_markdown(hostile), render_markdown(hostile)
    assert first == second
    for html in (first, second):
        assert "<strong>this</strong>" in html
        assert "<script" not in html
        assert 'href="javascript:' not in html
    long = (hostile + "\n\n") * 200  # past the remembered length
    assert render_markdown(long).count("<strong>this</strong>") == 200
    assert "<script" not in render_markdown(long)
