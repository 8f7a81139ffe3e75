"""portal.http: a service's refusal, shown to a person."""

from django import forms
from django.core.exceptions import ValidationError

from portal.http import first_message, form_add_errors


class _Form(forms.Form):
    title = forms.CharField()


def test_the_first_message_says_why_and_an_empty_error_still_says_something():
    assert first_message(ValidationError(["First.", "Second."])) == "First."
    assert first_message(ValidationError([])) == "That did not work."


def test_errors_go_next_to_the_field_they_name_otherwise_on_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    form_add_errors(
        form, ValidationError({"title": "Too short.", "slug": "Slug taken."})
    )
    assert form.errors["title"] == ["Too short."]
    assert form.non_field_errors() == ["Slug taken."]
