from django import template

from portal.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value):
    """``{{ text|markdown }}``: user-written Markdown as cleaned HTML."""
    return render_markdown(value)
