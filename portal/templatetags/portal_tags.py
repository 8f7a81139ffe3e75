from django import template

from portal.rendering import mark_changes, render_markdown

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
