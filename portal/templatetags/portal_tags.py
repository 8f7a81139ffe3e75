from django import template
from django.template import TemplateSyntaxError

from portal.fragments import PerContentNode, PerLanguageNode
from portal.rendering import mark_changes, render_markdown
from portal.times import moment_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value):
    """``{{ text|markdown }}``: user-written Markdown as cleaned HTML."""
    return render_markdown(value)


@register.simple_tag(name="changes")
def changes_tag(before, after):
    """``{% changes old_text new_text %}``: the new text with what changed since the
    old one marked (<del>, <ins>), escaped."""
    return mark_changes(before, after)


@register.filter(name="when")
def when_filter(value):
    """``{{ moment|when }}``: "Tue 3 Dec, 11:59 p.m. EST" in a <time> element, in the
    viewer's time zone and naming it (the one format of the student pages)."""
    return moment_html(value)


@register.filter(name="when_time")
def when_time_filter(value):
    """``{{ moment|when_time }}``: "11:59 p.m. EST" in a <time> element."""
    return moment_html(value, time_only=True)


@register.tag(name="per_language")
def per_language_tag(parser, token):
    """``{% per_language %}…{% endper_language %}``: markup that reads the same for
    everyone in a language, rendered once per process (portal.fragments). It sees
    only the values named in the tag: ``{% per_language PORTAL_NAME
    current=request.resolver_match.view_name %}``."""
    values = {}
    for bit in token.split_contents()[1:]:
        name, _, expression = bit.partition("=")
        values[name] = parser.compile_filter(expression or name)
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist, values)


@register.tag(name="per_content")
def per_content_tag(parser, token):
    """``{% per_content lesson prompt=prompt path=request.path %}…
    {% endper_content %}``: markup made from stored content that carries its
    digest (``lesson.content_digest``, lessons.kept), the same for everyone in a
    language: rendered once per process and digest (portal.fragments). It sees only
    the content and the values named."""
    bits = token.split_contents()
    if len(bits) < 2 or "=" in bits[1]:
        raise TemplateSyntaxError("per_content: name the content first")
    values = {}
    for bit in bits[2:]:
        name, _, expression = bit.partition("=")
        values[name] = parser.compile_filter(expression or name)
    nodelist = parser.parse(("endper_content",))
    parser.delete_first_token()
    return PerContentNode(nodelist, bits[1], parser.compile_filter(bits[1]), values)
