from django import template

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
