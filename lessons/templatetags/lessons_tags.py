"""Template helpers for lesson pages: ``{% load lessons_tags %}``."""

from django import template

from sources.citations import chicago_bibliography

register = template.Library()


@register.filter
def citation(source) -> str:
    """A source's bibliography entry (Chicago), as plain text (auto-escaped)."""
    return chicago_bibliography(source)
