"""Authoring pages. Views fetch through lessons.permissions (another teacher's draft
answers 404), change state through lessons.services, and answer htmx requests with
a partial of the same template the full page uses."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons import selectors, services
from lessons.forms import (
    CoAuthorForm,
    LessonForm,
    PromptForm,
    TeacherNoteForm,
    UnitForm,
)
from lessons.models import LessonSource
from lessons.permissions import (
    can_administer_unit,
    can_edit_unit,
    get_lesson_excerpt_for_user_or_404,
    get_lesson_for_user_or_404,
    get_prompt_for_user_or_404,
    get_unit_for_user_or_404,
    units_editable_by,
)
from lessons.services import ESSAY_RULE_FIELDS
from lessons.undo import SESSION_KEY as UNDO_KEY
from lessons.undo import undo_offer, undo_remember, undo_restore
from portal.http import first_message, id_or_404
from sources.permissions import excerpts_visible_to, sources_visible_to


def _direction(request) -> str:
    direction = request.POST.get("direction", "")
    if direction not in {"up", "down"}:
        raise BadRequest("direction must be up or down")
    return direction


# --- units -----------------------------------------------------------------------


def unit_list(request):
    return render(
        request,
        "lessons/unit_list.html",
        {"lists": selectors.units_for_teacher(user=request.user)},
    )


def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = services.unit_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Unit created. Now add its first lesson."))
        return redirect(unit)
    return render(request, "lessons/unit_form.html", {"form": form, "unit": None})


def _unit_page_context(request, unit) -> dict:
    unit = selectors.unit_for_page(user=request.user, unit=unit)
    return {
        "unit": unit,
        "lessons": selectors.lesson_rows(unit),
        "can_edit": can_edit_unit(request.user, unit),
        "can_manage_co_authors": can_administer_unit(request.user, unit),
        "can_delete": can_administer_unit(request.user, unit),
        "bibliography": selectors.unit_bibliography(unit),
        "timeline": selectors.unit_timeline(unit),
        "skills": selectors.skills_in_unit(unit),
    }


def unit_detail(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk)
    context = _unit_page_context(request, unit)
    context["co_author_form"] = CoAuthorForm()
    return render(request, "lessons/unit_detail.html", context)


def unit_edit(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk, edit=True)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        unit.refresh_from_db()
        services.unit_update(unit=unit, **form.cleaned_data)
        messages.success(request, _("Unit saved."))
        return redirect(unit)
    return render(request, "lessons/unit_form.html", {"form": form, "unit": unit})


def unit_delete(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk, edit=True)
    if not can_administer_unit(request.user, unit):
        raise PermissionDenied
    if request.method == "POST":
        title = unit.title
        try:
            services.unit_delete(unit=unit)
        except ValidationError as error:
            messages.error(request, first_message(error))
            return redirect(unit)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("lessons:unit_list")
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete unit"),
            "question": _("Delete “%(title)s”?") % {"title": unit.title},
            "consequences": [
                _(
                    "Its lessons and prompts are deleted with it. The sources and "
                    "excerpts stay in the library, and copies other teachers made "
                    "are kept."
                )
            ],
            "confirm_label": _("Delete the unit"),
            "cancel_url": unit.get_absolute_url(),
            "breadcrumbs": "lessons/_breadcrumbs.html",
            "unit": unit,
        },
    )


@require_POST
def unit_status(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk, edit=True)
    if request.POST.get("status") == "published":
        services.unit_publish(unit=unit)
        messages.success(
            request, _("Published. Every teacher can now see and copy this unit.")
        )
    else:
        services.unit_unpublish(unit=unit)
        messages.success(request, _("Back to draft. Only its authors can see it."))
    return redirect(unit)


@require_POST
def unit_copy(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk)
    copy = services.unit_copy(unit=unit, owner=request.user)
    messages.success(
        request,
        _("This is your own copy. Change it as you like; the original stays as it is."),
    )
    return redirect(copy)


@require_POST
def co_author_add(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk, edit=True)
    if not can_administer_unit(request.user, unit):
        raise PermissionDenied
    form = CoAuthorForm(request.POST)
    if form.is_valid():
        try:
            user = services.unit_co_author_add(
                unit=unit, username=form.cleaned_data["username"]
            )
        except ValidationError as error:
            messages.error(request, first_message(error))
        else:
            messages.success(
                request,
                _("%(name)s can now edit this unit.")
                % {"name": user.get_full_name() or user.username},
            )
    return HttpResponseRedirect(unit.get_absolute_url() + "#co-authors")


@require_POST
def co_author_remove(request, pk, user_pk):
    unit = get_unit_for_user_or_404(request.user, pk, edit=True)
    if not can_administer_unit(request.user, unit):
        raise PermissionDenied
    user = get_object_or_404(unit.co_authors.all(), pk=user_pk)
    services.unit_co_author_remove(unit=unit, user=user)
    messages.success(request, _("Co-author removed."))
    return HttpResponseRedirect(unit.get_absolute_url() + "#co-authors")


# --- lessons ---------------------------------------------------------------------


def lesson_create(request, pk):
    unit = get_unit_for_user_or_404(request.user, pk, edit=True)
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lesson = services.lesson_create(unit=unit, **form.cleaned_data)
        messages.success(
            request, _("Lesson added. Now pick its excerpts and write its prompts.")
        )
        return redirect(lesson)
    return render(
        request,
        "lessons/lesson_form.html",
        {"form": form, "unit": unit, "lesson": None},
    )


def lesson_edit(request, pk):
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        lesson.refresh_from_db()
        services.lesson_update(lesson=lesson, **form.cleaned_data)
        messages.success(request, _("Lesson saved."))
        return redirect(lesson)
    return render(
        request,
        "lessons/lesson_form.html",
        {"form": form, "unit": lesson.unit, "lesson": lesson},
    )


def lesson_delete(request, pk):
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    if request.method == "POST":
        unit = lesson.unit
        try:
            services.lesson_delete(lesson=lesson)
        except ValidationError as error:
            messages.error(request, first_message(error))
            return redirect(lesson)
        messages.success(request, _("Lesson deleted."))
        return redirect(unit)
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete lesson"),
            "question": _("Delete the lesson “%(title)s”?") % {"title": lesson.title},
            "consequences": [
                _("Its prompts are deleted with it; its excerpts stay in the library.")
            ],
            "confirm_label": _("Delete the lesson"),
            "cancel_url": reverse("lessons:lesson_editor", args=[lesson.pk]),
            "breadcrumbs": "lessons/_breadcrumbs.html",
            "unit": lesson.unit,
            "lesson": lesson,
            "can_edit_lesson": True,
        },
    )


@require_POST
def lesson_move(request, pk):
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    direction = _direction(request)
    services.lesson_move(lesson=lesson, direction=direction)
    if request.htmx:
        context = _unit_page_context(request, lesson.unit)
        context.update(moved=lesson.pk, direction=direction, moved_item=lesson)
        return render(request, "lessons/unit_detail.html#lesson-list", context)
    return HttpResponseRedirect(lesson.unit.get_absolute_url() + "#lessons")


def _editor_context(request, lesson, **extra) -> dict:
    lesson = selectors.lesson_for_editor(lesson=lesson)
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "lesson": lesson,
        "unit": lesson.unit,
        "query": query,
        "results": selectors.excerpts_for_picker(
            user=request.user, lesson=lesson, query=query
        ),
        "prompt_form": PromptForm(lesson=lesson),
        "source_choices": selectors.sources_for_lesson_picker(
            user=request.user, lesson=lesson
        ),
        "skill_choices": PromptForm.base_fields["skill"].choices,
        "undo": undo_offer(request.session, lesson=lesson),
    }
    context.update(extra)
    return context


def lesson_editor(request, pk):
    """The lesson editor: excerpts (with the library picker), prompts, documents.
    The picker's search is a GET form on this page; htmx asks for its results only."""
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    context = _editor_context(request, lesson)
    if request.htmx and request.htmx.target == "picker-results":
        return render(request, "lessons/lesson_editor.html#picker-results", context)
    return render(request, "lessons/lesson_editor.html", context)


def lesson_preview(request, pk):
    """The lesson exactly as a student will see it (teacher notes left out)."""
    lesson = get_lesson_for_user_or_404(request.user, pk)
    lesson = selectors.lesson_for_students(lesson=lesson)
    return render(
        request,
        "lessons/lesson_preview.html",
        {
            "lesson": lesson,
            "unit": lesson.unit,
            "can_edit": can_edit_unit(request.user, lesson.unit),
        },
    )


def _editor_url(lesson, *, query: str = "", anchor: str = "") -> str:
    url = reverse("lessons:lesson_editor", kwargs={"pk": lesson.pk})
    if query:
        url += "?" + urlencode({"q": query})
    return url + (f"#{anchor}" if anchor else "")


@require_POST
def lesson_excerpt_add(request, pk):
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    excerpt = get_object_or_404(
        excerpts_visible_to(request.user), pk=id_or_404(request.POST.get("excerpt"))
    )
    try:
        services.lesson_excerpt_add(lesson=lesson, excerpt=excerpt)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(
            request, _("Added “%(title)s” to the lesson.") % {"title": excerpt.title}
        )
    query = request.POST.get("q", "")[:200]
    return HttpResponseRedirect(_editor_url(lesson, query=query, anchor="excerpts"))


@require_POST
def lesson_excerpt_note(request, pk):
    item = get_lesson_excerpt_for_user_or_404(request.user, pk)
    form = TeacherNoteForm(request.POST, instance=item)
    if form.is_valid():
        services.lesson_excerpt_update(
            item=item, teacher_note=form.cleaned_data["teacher_note"]
        )
        messages.success(request, _("Note saved."))
    return HttpResponseRedirect(_editor_url(item.lesson, anchor=f"le-{item.pk}"))


@require_POST
def lesson_excerpt_move(request, pk):
    item = get_lesson_excerpt_for_user_or_404(request.user, pk)
    direction = _direction(request)
    services.lesson_excerpt_move(item=item, direction=direction)
    if request.htmx:
        context = _editor_context(
            request, item.lesson, moved=item.pk, direction=direction, moved_item=item
        )
        return render(request, "lessons/lesson_editor.html#excerpt-list", context)
    return HttpResponseRedirect(_editor_url(item.lesson, anchor="excerpts"))


@require_POST
def lesson_excerpt_remove(request, pk):
    item = get_lesson_excerpt_for_user_or_404(request.user, pk)
    title = item.excerpt.title
    undo_remember(request.session, obj=item, label=title)
    services.lesson_excerpt_remove(item=item)
    messages.success(
        request, _("Removed “%(title)s” from the lesson.") % {"title": title}
    )
    # To the offer to put it back (lesson_editor.html's undo bar).
    return HttpResponseRedirect(_editor_url(item.lesson, anchor="undo"))


@require_POST
def lesson_source_add(request, pk):
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    source = get_object_or_404(
        sources_visible_to(request.user), pk=id_or_404(request.POST.get("source"))
    )
    try:
        services.lesson_source_add(lesson=lesson, source=source)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("Document listed."))
    return HttpResponseRedirect(_editor_url(lesson, anchor="documents"))


@require_POST
def lesson_source_remove(request, pk):
    item = get_object_or_404(
        LessonSource.objects.select_related("lesson").filter(
            lesson__unit__in=units_editable_by(request.user)
        ),
        pk=pk,
    )
    services.lesson_source_remove(item=item)
    messages.success(request, _("Document removed from the lesson."))
    return HttpResponseRedirect(_editor_url(item.lesson, anchor="documents"))


# --- prompts ---------------------------------------------------------------------


@require_POST
def prompt_create(request, pk):
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    form = PromptForm(request.POST, lesson=lesson)
    if form.is_valid():
        data = form.cleaned_data
        services.prompt_create(
            lesson=lesson,
            text=data["text"],
            skill=data["skill"],
            kind=data["kind"],
            min_citations=data["min_citations"],
            grid_questions=data["grid_questions"],
            lesson_excerpts=data.get("lesson_excerpts") or [],
            **{name: data[name] for name in ESSAY_RULE_FIELDS},
        )
        messages.success(request, _("Prompt added."))
        return HttpResponseRedirect(_editor_url(lesson, anchor="prompts"))
    context = _editor_context(request, lesson, prompt_form=form)
    return render(request, "lessons/lesson_editor.html", context, status=422)


def prompt_edit(request, pk):
    prompt = get_prompt_for_user_or_404(request.user, pk)
    form = PromptForm(request.POST or None, instance=prompt, lesson=prompt.lesson)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        prompt.refresh_from_db()
        services.prompt_update(
            prompt=prompt,
            text=data["text"],
            skill=data["skill"],
            kind=data["kind"],
            min_citations=data["min_citations"],
            grid_questions=data["grid_questions"],
            lesson_excerpts=data.get("lesson_excerpts") or [],
            **{name: data[name] for name in ESSAY_RULE_FIELDS},
        )
        messages.success(request, _("Prompt saved."))
        return HttpResponseRedirect(_editor_url(prompt.lesson, anchor="prompts"))
    return render(
        request,
        "lessons/prompt_form.html",
        {"form": form, "prompt": prompt, "lesson": prompt.lesson},
    )


@require_POST
def prompt_move(request, pk):
    prompt = get_prompt_for_user_or_404(request.user, pk)
    direction = _direction(request)
    services.prompt_move(prompt=prompt, direction=direction)
    if request.htmx:
        context = _editor_context(
            request,
            prompt.lesson,
            moved=prompt.pk,
            direction=direction,
            moved_item=prompt,
        )
        return render(request, "lessons/lesson_editor.html#prompt-list", context)
    return HttpResponseRedirect(_editor_url(prompt.lesson, anchor="prompts"))


@require_POST
def prompt_delete(request, pk):
    prompt = get_prompt_for_user_or_404(request.user, pk)
    lesson = prompt.lesson
    label = _("Prompt %(n)s") % {"n": prompt.order}
    undo_remember(request.session, obj=prompt, label=label)
    try:
        services.prompt_delete(prompt=prompt)
    except ValidationError as error:
        request.session.pop(UNDO_KEY, None)
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("Prompt deleted."))
        return HttpResponseRedirect(_editor_url(lesson, anchor="undo"))
    return HttpResponseRedirect(_editor_url(lesson, anchor="prompts"))


@require_POST
def lesson_undo(request, pk):
    """Put back the excerpt or prompt just removed from this lesson (for
    lessons.undo.UNDO_MINUTES, from this browser)."""
    lesson = get_lesson_for_user_or_404(request.user, pk, edit=True)
    try:
        label = undo_restore(request.session, lesson=lesson)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("“%(label)s” is back.") % {"label": label})
    return HttpResponseRedirect(_editor_url(lesson))
