"""An item of an answer's evidence (a quotation, or a region of a picture) as
the student's answer form and the Cite button's answer show it, written here
rather than in a template (assignments.answer_box says why)."""

from html import escape

from django.template.defaultfilters import truncatewords
from django.utils.formats import localize
from django.utils.html import conditional_escape

from portal.fragments import Words


def v(value) -> str:
    """A value as ``{{ value }}`` writes it under ``{% localize off %}`` (a form
    writes some forty; plain text and whole numbers, most of them, go straight to
    the escaping they need)."""
    kind = type(value)
    if kind is str:
        return escape(value)
    if kind is int:
        return str(value)
    return str(conditional_escape(localize(value, use_l10n=False)))


def citation_item_html(
    citation, *, can_edit: bool, remove_url: str = "", gettext: Words | None = None
) -> str:
    """One quotation (or region of a picture) in an answer's evidence list (the
    words in ``gettext``, the form's, or else the active language's)."""
    gettext = gettext or Words()
    title = v(citation.excerpt.title)
    words = v(truncatewords(citation.quotation, 10))
    pk, at = v(citation.pk), v(citation.excerpt_id)
    if citation.is_region:
        label = gettext("%(title)s, a region: %(words)s") % {
            "title": title,
            "words": words,
        }
        what = gettext("the region of “%(title)s”") % {"title": title}
    else:
        paragraph = v(citation.paragraph)
        label = f"“{words}” ({title}, ¶{paragraph})"
        what = gettext("the quotation from ¶%(n)s") % {"n": paragraph}
    remove = _remove_button(remove_url, pk, what, gettext) if can_edit else ""
    if citation.is_region:
        body = _region_body(citation, title, at, remove, gettext)
    else:
        body = _quotation_body(citation, title, at, paragraph, remove, gettext)
    region = " is-region" if citation.is_region else ""
    return (
        f'<li class="evidence-item{region}" id="citation-{pk}" data-citation="{pk}"'
        f' data-excerpt="{at}" data-label="{label}">{body}\n</li>'
    )


def _region_body(citation, title: str, at: str, remove: str, gettext: Words) -> str:
    box, image = citation.region_in_pixels, citation.excerpt.image
    marked = gettext("The region of “%(title)s” you marked") % {"title": title}
    return (
        '\n  <div class="evidence-region">\n'
        f'    <svg class="region-crop" viewBox="{v(box["x"])} {v(box["y"])}'
        f' {v(box["w"])} {v(box["h"])}" role="img" aria-label="{marked}">'
        f'<image href="{v(image.display_url)}" x="0" y="0"'
        f' width="{v(box["width"])}" height="{v(box["height"])}"'
        ' preserveAspectRatio="none"/></svg>\n'
        f'    <blockquote class="evidence-quote mb-1">{v(citation.quotation)}'
        "</blockquote>\n  </div>\n"
        f'  <p class="evidence-cite small mb-0">{v(citation.excerpt.source.title)} · '
        f'<a href="#ex-{at}-picture" data-show-paragraph>{title}, '
        f"{gettext('a region of the picture')}"
        f'<span class="visually-hidden"> {gettext("(show the picture)")}</span>'
        f"</a>{remove}</p>\n  "
    )


def _quotation_body(
    citation, title: str, at: str, paragraph: str, remove: str, gettext: Words
) -> str:
    language = v(citation.language)
    lang = f' lang="{language}"' if language else ""
    translated = (
        " · "
        + gettext("from the %(language)s translation")
        % {"language": v(citation.language_name)}
        if language
        else ""
    )
    return (
        f'\n  <blockquote class="evidence-quote mb-1"{lang}>'
        f"“{v(citation.quotation)}”</blockquote>\n"
        f'  <p class="evidence-cite small mb-0">{v(citation.excerpt.source.title)} · '
        f'{title}, <a href="#ex-{at}-p{paragraph}" data-show-paragraph>¶{paragraph}'
        f'<span class="visually-hidden"> {gettext("(show it in the text)")}</span>'
        f"</a>{translated}{remove}</p>\n  "
    )


def _remove_button(url: str, pk: str, what: str, gettext: Words) -> str:
    return (
        '\n    <button type="submit" class="btn btn-link btn-sm p-0 ms-2 align-baseline"'
        f' formaction="{v(url)}" name="remove_citation" value="{pk}" formnovalidate>'
        f'{gettext("Remove")}<span class="visually-hidden"> {what}</span></button>'
    )
