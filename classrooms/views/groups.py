"""Small groups of a class: the groups page (make, split, move students), and a
group's own rename and delete pages. Every form works without JavaScript; a refused
one comes back with the reason beside its field."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from classrooms.forms import GroupNameForm, GroupsAssignForm, GroupsSplitForm
from classrooms.permissions import (
    get_classroom_for_user_or_404,
    get_group_for_user_or_404,
)
from classrooms.selectors import groups_of_classroom, roster_for_classroom
from classrooms.services import groups as services
from portal.http import first_message


def _groups_url(classroom) -> str:
    return f"{classroom.get_absolute_url()}groups/"


def _add_errors(form, error: ValidationError, field: str) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


def _page(request, classroom, **forms):
    groups = groups_of_classroom(classroom=classroom)
    enrolments = list(roster_for_classroom(classroom=classroom, user=request.user))
    context = {
        "classroom": classroom,
        "groups": groups,
        "enrolments": enrolments,
        "create_form": forms.get("create_form") or GroupNameForm(prefix="new"),
        "split_form": forms.get("split_form")
        or GroupsSplitForm(prefix="split", initial={"count": max(len(groups), 2)}),
        "assign_form": forms.get("assign_form")
        or GroupsAssignForm(enrolments=enrolments, groups=groups),
    }
    return render(request, "classrooms/groups.html", context)


def groups_page(request, pk):
    """The class's groups with their sizes, and every current student with their
    group and a box to tick for moving several at once."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    return _page(request, classroom)


@require_POST
def group_create(request, pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    form = GroupNameForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            group = services.group_create(
                classroom=classroom, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            _add_errors(form, error, "name")
        else:
            messages.success(request, _("Group “%(name)s” made.") % {"name": group})
            return redirect(_groups_url(classroom))
    return _page(request, classroom, create_form=form)


@require_POST
def groups_split(request, pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    form = GroupsSplitForm(request.POST, prefix="split")
    if form.is_valid():
        try:
            groups = services.groups_split(
                classroom=classroom, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            _add_errors(form, error, "count")
        else:
            messages.success(
                request,
                ngettext(
                    "The class is now in %(n)s group.",
                    "The class is now in %(n)s groups, chosen at random.",
                    len(groups),
                )
                % {"n": len(groups)},
            )
            return redirect(_groups_url(classroom))
    return _page(request, classroom, split_form=form)


@require_POST
def groups_assign(request, pk):
    """Move the ticked students to the chosen group (or to none)."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    groups = groups_of_classroom(classroom=classroom)
    enrolments = list(roster_for_classroom(classroom=classroom, user=request.user))
    form = GroupsAssignForm(request.POST, enrolments=enrolments, groups=groups)
    if form.is_valid():
        group = form.chosen_group()
        try:
            moved = services.group_members_set(
                classroom=classroom,
                enrolment_ids=form.cleaned_data["students"],
                group=group,
            )
        except ValidationError as error:
            form.add_error("students", first_message(error))
        else:
            messages.success(
                request,
                (
                    ngettext(
                        "%(n)s student moved to %(group)s.",
                        "%(n)s students moved to %(group)s.",
                        moved,
                    )
                    if group
                    else ngettext(
                        "%(n)s student is now in no group.",
                        "%(n)s students are now in no group.",
                        moved,
                    )
                )
                % {"n": moved, "group": group},
            )
            return redirect(_groups_url(classroom))
    return _page(request, classroom, assign_form=form)


def group_rename(request, pk, group_pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    group = get_group_for_user_or_404(request.user, classroom=classroom, pk=group_pk)
    form = GroupNameForm(request.POST or None, initial={"name": group.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_rename(group=group, name=form.cleaned_data["name"])
        except ValidationError as error:
            group.refresh_from_db()
            _add_errors(form, error, "name")
        else:
            messages.success(request, _("Group renamed “%(name)s”.") % {"name": group})
            return redirect(_groups_url(classroom))
    return render(
        request,
        "classrooms/group_rename.html",
        {"classroom": classroom, "group": group, "form": form},
    )


def group_delete(request, pk, group_pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    group = get_group_for_user_or_404(request.user, classroom=classroom, pk=group_pk)
    if request.method == "POST":
        services.group_delete(group=group)
        messages.success(
            request,
            _("Group “%(name)s” deleted; its students are in no group now.")
            % {"name": group},
        )
        return redirect(_groups_url(classroom))
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete a group") + f" · {classroom}",
            "question": _("Delete the group “%(name)s”?") % {"name": group},
            "consequences": [
                _(
                    "Its students stay in the class, in no group. Their answers and "
                    "replies are kept; in a discussion in groups they see only their "
                    "own answer until you put them in a group again."
                )
            ],
            "confirm_label": _("Delete the group"),
            "cancel_url": _groups_url(classroom),
            "breadcrumbs": "classrooms/_breadcrumbs.html",
            "here": _("Delete a group"),
            "stylesheet": "css/classrooms.css",
            "classroom": classroom,
        },
    )
