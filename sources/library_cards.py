"""The cards of the library's list (``{% library_cards results %}`` in
sources/source_list.html), written here rather than in the template: twenty
cards of a dozen values each cost the template engine some 12,000 Python calls a
page, a third of a search's; here they cost a few hundred.

The markup is the template's, as it was: every value escaped (a snippet through
``highlight``, which escapes it and marks the words found), the words the page
translates (trusted markup, as a template's {% translate %}) looked up once a
page, in the language of the request."""

from dataclasses import dataclass
from html import escape

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from portal.fragments import Words
from portal.rendering import highlight

_CARD = """
        <li class="source-item">
          <article aria-labelledby="src-{pk}">
            <div class="d-flex flex-wrap align-items-baseline gap-2 mb-1">
              {badge}
              <span class="small text-body-secondary">{kind}{date}</span>
              {yours}
            </div>
            <h3 class="h5 mb-1" id="src-{pk}"><a href="{url}">{title}</a></h3>
            {creator}
            {snippet}
            <p class="mb-0 small text-body-secondary">
              {passages}{themes}
            </p>
          </article>
        </li>
        """


@dataclass(frozen=True)
class _Words:
    primary: str
    secondary: str
    yours: str
    no_passage: str


def _words() -> _Words:
    gettext = Words()
    return _Words(
        primary=(
            f'<span class="badge source-badge is-primary">{gettext("Primary")}</span>'
        ),
        secondary=(
            '<span class="badge source-badge is-secondary">'
            f"{gettext('Secondary')}</span>"
        ),
        yours=f'<span class="badge text-bg-light border">{gettext("Yours")}</span>',
        no_passage=gettext("No passage yet"),
    )


def _passages(count, words: _Words) -> str:
    if not count:
        return words.no_passage
    return ngettext("%(counter)s passage", "%(counter)s passages", count) % {
        "counter": localize(count)
    }


def _card(result, words: _Words) -> str:
    source = result.source
    return _CARD.format(
        pk=source.pk,
        badge=words.primary if source.is_primary else words.secondary,
        kind=escape(result.kind),
        date=f" · {escape(result.date)}" if result.date else "",
        yours=words.yours if source.owner_id else "",
        url=escape(result.url),
        title=escape(source.title),
        creator=(
            f'<p class="mb-1 small">{escape(source.creator)}</p>'
            if source.creator
            else ""
        ),
        snippet=(
            f'<p class="mb-1 small search-snippet">{highlight(result.snippet)}</p>'
            if result.snippet
            else ""
        ),
        passages=_passages(source.excerpt_count, words),
        themes=f" · {escape(', '.join(result.themes))}" if result.themes else "",
    )


def library_cards(results) -> SafeString:
    """The cards of ``library_results``, one <li> each."""
    words = _words()
    return mark_safe("".join(_card(result, words) for result in results))  # noqa: S308 - every value escaped in _card


def library_pages(page, numbers, query_string: str) -> SafeString:
    """The links to the other pages of results (``{% library_pages %}``): Previous,
    each number of ``numbers`` (Paginator.get_elided_page_range: the current page
    marked, an ellipsis not a link), Next; each link keeps the search's query
    string. A template loop over the numbers cost some 1,000 Python calls a page."""
    gettext = Words()
    keep = f"{escape(query_string)}&amp;" if query_string else ""

    def link(number, words) -> str:
        return (
            f'<li class="page-item"><a class="page-link" href="?{keep}page={number}">'
            f"{words}</a></li>"
        )

    items = []
    if page.has_previous():
        items.append(link(page.previous_page_number(), gettext("Previous")))
    ellipsis = str(page.paginator.ELLIPSIS)
    for number in numbers:
        if number == page.number:
            items.append(
                '<li class="page-item active"><span class="page-link"'
                f' aria-current="page">{localize(number)}</span></li>'
            )
        elif str(number) == ellipsis:
            items.append(
                '<li class="page-item disabled"><span class="page-link">'
                f"{escape(ellipsis)}</span></li>"
            )
        else:
            items.append(link(number, localize(number)))
    if page.has_next():
        items.append(link(page.next_page_number(), gettext("Next")))
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped or a number
