"""A passage's translations into other languages: add one, change its words,
delete it. Whoever may edit the passage may translate it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.http import form_add_errors
from sources import services
from sources.forms import ExcerptTranslationForm
from sources.permissions import (
    get_excerpt_for_user_or_404,
    get_translation_for_user_or_404,
)


def _render_form(request, form, excerpt, translation=None):
    return render(
        request,
        "sources/translation_form.html",
        {
            "form": form,
            "excerpt": excerpt,
            "source": excerpt.source,
            "translation": translation,
            "original": list(enumerate(excerpt.paragraphs, start=1)),
        },
    )


def _save(request, form, excerpt, translation=None):
    language = translation.language if translation else form.cleaned_data["language"]
    try:
        saved = services.excerpt_translation_save(
            excerpt=excerpt, language=language, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        form_add_errors(form, error)
        return _render_form(request, form, excerpt, translation)
    messages.success(
        request,
        _("The %(language)s translation is saved.") % {"language": saved.language_name},
    )
    return redirect(excerpt)


@require_http_methods(["GET", "POST"])
def translation_create(request, slug, excerpt_slug):
    excerpt = get_excerpt_for_user_or_404(request.user, slug, excerpt_slug, edit=True)
    form = ExcerptTranslationForm(request.POST or None, excerpt=excerpt)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, excerpt)
    return _render_form(request, form, excerpt)


@require_http_methods(["GET", "POST"])
def translation_edit(request, slug, excerpt_slug, language):
    translation = get_translation_for_user_or_404(
        request.user, slug, excerpt_slug, language
    )
    excerpt = translation.excerpt
    form = ExcerptTranslationForm(
        request.POST or None,
        excerpt=excerpt,
        language=translation.language,
        initial={"text": translation.text},
    )
    if request.method == "POST" and form.is_valid():
        return _save(request, form, excerpt, translation)
    return _render_form(request, form, excerpt, translation)


@require_http_methods(["GET", "POST"])
def translation_delete(request, slug, excerpt_slug, language):
    translation = get_translation_for_user_or_404(
        request.user, slug, excerpt_slug, language
    )
    excerpt = translation.excerpt
    named = {"language": translation.language_name, "title": excerpt.title}
    if request.method == "POST":
        services.excerpt_translation_delete(translation=translation)
        messages.success(
            request, _("The %(language)s translation was deleted.") % named
        )
        return redirect(excerpt)
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete the %(language)s translation") % named,
            "question": _("Delete the %(language)s translation of “%(title)s”?")
            % named,
            "consequences": [
                _(
                    "The passage stays. Quotations students already took from "
                    "the translation stay in their answers."
                )
            ],
            "confirm_label": _("Delete translation"),
            "cancel_url": excerpt.get_absolute_url(),
            "cancel_label": _("Keep it"),
            "breadcrumbs": "sources/_breadcrumbs.html",
            "source": excerpt.source,
            "excerpt": excerpt,
        },
    )
