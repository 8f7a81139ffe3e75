from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from portal.http import first_message, form_add_errors
from portal.uploads import limit_uploads
from sources import pictures, services
from sources.citations import chicago_bibliography, chicago_note
from sources.forms import (
    ExcerptForm,
    ImageDetailForm,
    ImageExcerptForm,
    ImageUploadForm,
    SourceForm,
)
from sources.imaging import max_upload_bytes
from sources.library_form import LibraryFilterForm
from sources.models import ExcerptImage, Source
from sources.permissions import (
    can_add_excerpt,
    can_edit_excerpt,
    can_edit_source,
    get_excerpt_for_user_or_404,
    get_excerpt_image_for_user_or_404,
    get_source_for_user_or_404,
)
from sources.selectors import (
    excerpt_for_reading,
    library_page,
    library_results,
    library_search_page,
    picture_relatives,
    source_for_detail,
    sources_for_library,
    web_page_for_reader,
)


def source_list(request):
    form = LibraryFilterForm(request.GET or None)
    filters = form.filters()
    number = request.GET.get("page") if filters else 1
    page = filters and library_search_page(
        user=request.user, filters=filters, number=number
    )
    if not page:
        sources = (
            Source.objects.none()
            if filters is None
            else sources_for_library(user=request.user, filters=filters)
        )
        page = library_page(sources, number)
    query = filters.query if filters else ""
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "results": library_results(page.object_list, query=query),
        "query": query,
        "filtered": form.is_filtered,
        "filters_open": form.filters_open,
        "query_string": query_string.urlencode(),
    }
    template = "sources/source_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def source_detail(request, slug):
    source = get_source_for_user_or_404(request.user, slug)
    source = source_for_detail(user=request.user, source=source)
    return render(
        request,
        "sources/source_detail.html",
        {
            "source": source,
            "excerpts": source.visible_excerpts,
            "bibliography": chicago_bibliography(source),
            "note": chicago_note(source),
            "can_edit": can_edit_source(request.user, source),
            "can_add_excerpt": can_add_excerpt(request.user, source),
        },
    )


@require_http_methods(["GET", "POST"])
def source_create(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            source = services.source_create(owner=request.user, themes=themes, **data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The source is in your library."))
            return redirect(source)
    return render(request, "sources/source_edit.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def source_edit(request, slug):
    source = get_source_for_user_or_404(request.user, slug, edit=True)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        # The form worked on the instance; reload so the service sees the stored row.
        source.refresh_from_db()
        try:
            services.source_update(source=source, themes=themes, **data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(source)
    return render(request, "sources/source_edit.html", {"form": form, "source": source})


@require_http_methods(["GET", "POST"])
def source_delete(request, slug):
    source = get_source_for_user_or_404(request.user, slug, edit=True)
    if request.method == "POST":
        try:
            services.source_delete(source=source)
        except ValidationError as error:
            messages.error(request, first_message(error))
            return redirect(source)
        messages.success(request, _("The source was deleted."))
        return redirect("sources:source_list")
    count = source.excerpts.count()
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete “%(title)s”") % {"title": source.title},
            "question": _("Delete “%(title)s”?") % {"title": source.title},
            "consequences": [
                ngettext(
                    "Its %(counter)s passage goes with it. This cannot be undone.",
                    "Its %(counter)s passages go with it. This cannot be undone.",
                    count,
                )
                % {"counter": count}
            ],
            "confirm_label": _("Delete source"),
            "cancel_url": source.get_absolute_url(),
            "cancel_label": _("Keep it"),
            "breadcrumbs": "sources/_breadcrumbs.html",
            "source": source,
        },
    )


def _preview_requested(request) -> bool:
    return "preview" in request.POST


@require_http_methods(["GET", "POST"])
def excerpt_create(request, slug):
    """Add a passage: paste, see it split into numbered paragraphs, save."""
    source = get_source_for_user_or_404(request.user, slug)
    if not can_add_excerpt(request.user, source):  # pragma: no cover - same scope
        raise Http404
    form = ExcerptForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if _preview_requested(request):
            preview = form.preview_paragraphs()
        else:
            data = form.cleaned_data
            try:
                excerpt = services.excerpt_create(
                    source=source,
                    owner=request.user,
                    title=data["title"],
                    text=data["text"],
                    adapted_text=data["adapted_text"],
                    glossary=data["glossary"],
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The passage is saved with %(count)s numbered paragraphs.")
                    % {"count": len(excerpt.paragraphs)},
                )
                return redirect(excerpt)
    return render(
        request,
        "sources/excerpt_create.html",
        {"form": form, "source": source, "preview": preview},
    )


@require_GET
def web_page(request, slug):
    """A web page source shown as its readers saw it (the sourcing lesson's
    republished essay), to anyone who may read its excerpts. ``next`` is the page
    it was opened from (the lesson or assignment), where the same paragraphs are
    numbered for citing; without it, the library's reading view."""
    page = web_page_for_reader(user=request.user, slug=slug)
    if page is None:
        raise Http404
    back = request.GET.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = ""
    return render(
        request,
        "sources/web_page.html",
        {"page": page, "source": page.source, "back": back},
    )


def excerpt_read(request, slug, excerpt_slug):
    excerpt = get_excerpt_for_user_or_404(request.user, slug, excerpt_slug)
    excerpt = excerpt_for_reading(user=request.user, excerpt=excerpt)
    return render(
        request,
        "sources/excerpt_read.html",
        {
            "excerpt": excerpt,
            "source": excerpt.source,
            "can_edit": can_edit_excerpt(request.user, excerpt),
            "can_add_detail": excerpt.is_image
            and can_add_excerpt(request.user, excerpt.source),
            "relatives": picture_relatives(user=request.user, excerpt=excerpt),
        },
    )


@limit_uploads(max_upload_bytes)
@require_http_methods(["GET", "POST"])
def image_create(request, slug):
    """Add a picture, or the pages of a scanned PDF, to a source."""
    source = get_source_for_user_or_404(request.user, slug)
    if not can_add_excerpt(request.user, source):  # pragma: no cover - same scope
        raise Http404
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            excerpts = pictures.image_excerpts_create(
                source=source,
                owner=request.user,
                upload=form.cleaned_data["upload"],
                words=form.words(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The picture is saved as an excerpt.",
                    "The scan is saved as %(count)s excerpts, one per page.",
                    len(excerpts),
                )
                % {"count": len(excerpts)},
            )
            return redirect(excerpts[0])
    return render(
        request, "sources/image_create.html", {"form": form, "source": source}
    )


def _image_edit(request, excerpt):
    image = excerpt.image
    initial = {
        "title": excerpt.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "text": excerpt.text,
        "adapted_text": excerpt.adapted_text,
        "glossary": ExcerptForm.glossary_initial(excerpt),
    }
    form = ImageExcerptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pictures.image_excerpt_update(excerpt=excerpt, words=form.words())
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(excerpt)
    return render(
        request,
        "sources/excerpt_edit.html",
        {"form": form, "source": excerpt.source, "excerpt": excerpt, "image": image},
    )


@require_http_methods(["GET", "POST"])
def image_detail_create(request, slug, excerpt_slug):
    """Mark a rectangle on a picture and save it as an excerpt of its own."""
    excerpt = get_excerpt_for_user_or_404(request.user, slug, excerpt_slug)
    if not excerpt.is_image or not can_add_excerpt(request.user, excerpt.source):
        raise Http404
    image = excerpt.image
    form = ImageDetailForm(request.POST or None, image=image)
    if request.method == "POST" and form.is_valid():
        try:
            detail = pictures.image_detail_create(
                excerpt=excerpt,
                owner=request.user,
                rect=form.rectangle(),
                words=form.words(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The detail is saved as its own excerpt."))
            return redirect(detail)
    return render(
        request,
        "sources/image_detail_create.html",
        {"form": form, "source": excerpt.source, "excerpt": excerpt, "image": image},
    )


# A year: the address changes whenever the file does (see ExcerptImage.version).
IMMUTABLE = "private, max-age=31536000, immutable"


@login_not_required  # a signed-out visitor gets 404, never a sign-in page
@require_GET
def excerpt_image(request, pk, variant, version):
    """A picture's file, for someone who may read its excerpt; anyone else (a
    signed-out visitor too) gets 404. Served with its real type, never sniffed,
    and kept by the browser for as long as the address stays the same."""
    if variant not in ExcerptImage.Variant.values:
        raise Http404
    image = get_excerpt_image_for_user_or_404(request.user, pk)
    if version != image.version:
        raise Http404
    stored = image.file_for(variant)
    is_original = stored.name == image.original.name
    response = FileResponse(
        stored.open("rb"),
        content_type=image.content_type if is_original else "image/webp",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # The full picture stands in for a copy not made yet: not for keeping.
    final = variant == ExcerptImage.Variant.ORIGINAL or not is_original
    response["Cache-Control"] = IMMUTABLE if final else "private, no-cache"
    return response


@require_http_methods(["GET", "POST"])
def excerpt_edit(request, slug, excerpt_slug):
    excerpt = get_excerpt_for_user_or_404(request.user, slug, excerpt_slug, edit=True)
    if excerpt.is_image:
        return _image_edit(request, excerpt)
    initial = {
        "title": excerpt.title,
        "text": excerpt.text,
        "adapted_text": excerpt.adapted_text,
        "glossary": ExcerptForm.glossary_initial(excerpt),
    }
    form = ExcerptForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if _preview_requested(request):
            preview = form.preview_paragraphs()
        else:
            data = form.cleaned_data
            try:
                services.excerpt_update(
                    excerpt=excerpt,
                    title=data["title"],
                    text=data["text"],
                    adapted_text=data["adapted_text"],
                    glossary=data["glossary"],
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(excerpt)
    return render(
        request,
        "sources/excerpt_edit.html",
        {
            "form": form,
            "source": excerpt.source,
            "excerpt": excerpt,
            "preview": preview,
        },
    )


@require_http_methods(["GET", "POST"])
def excerpt_delete(request, slug, excerpt_slug):
    excerpt = get_excerpt_for_user_or_404(request.user, slug, excerpt_slug, edit=True)
    source = excerpt.source
    if request.method == "POST":
        try:
            services.excerpt_delete(excerpt=excerpt)
        except ValidationError as error:
            messages.error(request, first_message(error))
            return redirect(source)
        messages.success(request, _("The passage was deleted."))
        return redirect(source)
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete “%(title)s”") % {"title": excerpt.title},
            "question": _("Delete the passage “%(title)s”?") % {"title": excerpt.title},
            "consequences": [
                _("The source stays in the library. This cannot be undone.")
            ],
            "confirm_label": _("Delete passage"),
            "cancel_url": excerpt.get_absolute_url(),
            "cancel_label": _("Keep it"),
            "breadcrumbs": "sources/_breadcrumbs.html",
            "source": source,
            "excerpt": excerpt,
        },
    )
