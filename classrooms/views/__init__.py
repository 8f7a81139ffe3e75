from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.backends import PATH as PORTAL_BACKEND
from classrooms import services
from classrooms.cards import (
    cards_ttl,
    login_cards_csv_response,
    login_cards_forget,
    login_cards_get,
    login_cards_store,
)
from classrooms.forms import (
    AccommodationsForm,
    ClassroomForm,
    CoTeacherForm,
    JoinForm,
    SignUpForm,
    StudentsAddForm,
)
from classrooms.jobs import students_bulk_create_start
from classrooms.permissions import (
    can_administer_classroom,
    co_teacher_invitations_for,
    get_classroom_for_user_or_404,
    get_enrolment_for_user_or_404,
    get_invitation_for_invited_or_404,
    get_invitation_for_owner_or_404,
)
from classrooms.selectors import (
    classrooms_for_student,
    classrooms_for_teacher,
    roster_for_classroom,
    roster_page,
)
from portal.http import first_message
from portal.limits import id_from

# --- teachers ------------------------------------------------------------------


def classroom_list(request):
    return render(
        request,
        "classrooms/classroom_list.html",
        {
            "classrooms": classrooms_for_teacher(user=request.user),
            "archived": classrooms_for_teacher(user=request.user, archived=True),
            "invitations": co_teacher_invitations_for(request.user),
        },
    )


def classroom_create(request):
    form = ClassroomForm(request.POST or None, initial={"join_enabled": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        classroom = services.classroom_create(
            owner=request.user,
            name=data["name"],
            section=data["section"],
            school_year=data["school_year"],
            join_enabled=data["join_enabled"],
            allow_self_signup=data["allow_self_signup"],
            require_sso=data.get("require_sso", False),
        )
        messages.success(
            request,
            _("Class created. Add students, or give them the join code."),
        )
        return redirect(classroom)
    return render(
        request, "classrooms/classroom_form.html", {"form": form, "classroom": None}
    )


def classroom_detail(request, pk):
    """The roster: who is in the class (searched, a page at a time), their
    accounts, and the class's join code."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    query = request.GET.get("q", "")[:100]
    roster = roster_page(
        classroom=classroom,
        user=request.user,
        query=query,
        page_number=request.GET.get("page"),
        group=request.GET.get("group", "")[:20],
    )
    is_owner = can_administer_classroom(request.user, classroom)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "classrooms/classroom_detail.html",
        {
            "classroom": classroom,
            "roster": roster,
            "query_string": query_string.urlencode(),
            "page_range": roster.page.paginator.get_elided_page_range(
                roster.page.number, on_each_side=2, on_ends=1
            ),
            "co_teacher_form": CoTeacherForm(),
            "is_owner": is_owner,
            "invitations": (classroom.co_teacher_invitations.all() if is_owner else []),
        },
    )


def classroom_edit(request, pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    form = ClassroomForm(request.POST or None, instance=classroom)
    if request.method == "POST" and form.is_valid():
        # The form only validates; the service makes the change.
        classroom.refresh_from_db()
        services.classroom_update(
            classroom=classroom, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Class settings saved."))
        return redirect(classroom)
    return render(
        request,
        "classrooms/classroom_form.html",
        {"form": form, "classroom": classroom},
    )


@require_POST
def classroom_archive(request, pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    if not can_administer_classroom(request.user, classroom):
        raise PermissionDenied
    archive = request.POST.get("archived", "1") == "1"
    services.classroom_archive(classroom=classroom, archived=archive)
    if archive:
        messages.success(
            request,
            _("“%(name)s” is archived. Its roster and work are kept.")
            % {"name": classroom},
        )
        return redirect("classrooms:classroom_list")
    messages.success(request, _("“%(name)s” is active again.") % {"name": classroom})
    return redirect(classroom)


def classroom_code(request, pk):
    """The join code, large enough for a projector at the back of the room."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    return render(request, "classrooms/classroom_code.html", {"classroom": classroom})


@require_POST
def join_code_regenerate(request, pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    services.classroom_join_code_regenerate(classroom=classroom)
    if request.htmx:
        return render(
            request,
            "classrooms/classroom_detail.html#join_code",
            {"classroom": classroom, "regenerated": True},
        )
    messages.success(request, _("New join code made; the old one no longer works."))
    return redirect(classroom)


def students_add(request, pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    if classroom.is_archived:
        messages.error(request, _("This class is archived; bring it back first."))
        return redirect(classroom)
    form = StudentsAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # A worker makes the accounts (all or none); the job's page shows its
        # progress, then the way to the login cards.
        job = students_bulk_create_start(
            classroom=classroom, teacher=request.user, rows=form.cleaned_data["rows"]
        )
        return redirect(job)
    return render(
        request,
        "classrooms/students_add.html",
        {"classroom": classroom, "form": form},
    )


@never_cache
def login_cards(request, pk, token):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    found = login_cards_get(classroom=classroom, user=request.user, token=token)
    if found is None:
        messages.info(
            request,
            _(
                "Those login cards are gone: they were downloaded or are more than "
                "%(minutes)s minutes old. Reset a student's password to make a new one."
            )
            % {"minutes": cards_ttl() // 60},
        )
        return redirect(classroom)
    cards, expires = found
    return render(
        request,
        "classrooms/login_cards.html",
        {"classroom": classroom, "cards": cards, "expires": expires, "token": token},
    )


@require_POST
@never_cache
def login_cards_csv(request, pk, token):
    """The cards as a CSV file, once: afterwards the passwords are forgotten."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    found = login_cards_get(classroom=classroom, user=request.user, token=token)
    if found is None:
        return redirect("classrooms:login_cards", pk=pk, token=token)
    login_cards_forget(token=token)
    filename = f"login-cards-{slugify(str(classroom)) or 'class'}.csv"
    return login_cards_csv_response(found[0], filename=filename)


@require_POST
def login_cards_discard(request, pk, token):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    if login_cards_get(classroom=classroom, user=request.user, token=token):
        login_cards_forget(token=token)
        messages.success(request, _("The one-time passwords are forgotten."))
    return redirect(classroom)


@require_POST
def students_password_reset(request, pk):
    """New one-time passwords for one student (the row's button) or the ticked ones."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    wanted = [request.POST["only"]] if request.POST.get("only") else []
    wanted = wanted or request.POST.getlist("students")
    ids = [pk for pk in map(id_from, wanted) if pk is not None]
    enrolments = roster_for_classroom(classroom=classroom, user=request.user).filter(
        student_id__in=ids
    )
    students = [e.student for e in enrolments]
    if not students:
        messages.error(request, _("Choose at least one student first."))
        return redirect(classroom)
    try:
        cards = services.student_passwords_reset(students=students, by=request.user)
    except ValidationError as error:
        messages.error(request, first_message(error))
        return redirect(classroom)
    token = login_cards_store(classroom=classroom, user=request.user, cards=cards)
    messages.success(
        request,
        ngettext(
            "New one-time password made for %(count)d student.",
            "New one-time passwords made for %(count)d students.",
            len(cards),
        )
        % {"count": len(cards)},
    )
    return redirect("classrooms:login_cards", pk=classroom.pk, token=token)


@never_cache
def student_accommodations(request, pk, student_pk):
    """A student's accommodations in this class, set by its teacher (extended time,
    the version their reading opens on, read-aloud from the start)."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    enrolment = get_enrolment_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk
    )
    initial = {
        name: getattr(enrolment, name) for name in AccommodationsForm.base_fields
    }
    form = AccommodationsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.enrolment_accommodations_set(enrolment=enrolment, **form.cleaned_data)
        messages.success(
            request,
            _("Accommodations saved for %(name)s.") % {"name": enrolment.student},
        )
        return redirect(classroom)
    return render(
        request,
        "classrooms/student_accommodations.html",
        {"classroom": classroom, "enrolment": enrolment, "form": form},
    )


def student_remove(request, pk, student_pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    enrolment = get_enrolment_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk
    )
    if request.method == "POST":
        services.enrolment_remove(enrolment=enrolment, by=request.user)
        messages.success(
            request,
            _("%(name)s is no longer on the roster. Their work is kept.")
            % {"name": enrolment.student},
        )
        return redirect(classroom)
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Remove a student") + f" · {classroom}",
            "question": _("Remove %(name)s from %(class)s?")
            % {"name": enrolment.student, "class": classroom},
            "consequences": [
                _(
                    "They leave the roster and stop seeing this class. Their account "
                    "and everything they wrote are kept, and you can put them back "
                    "later."
                )
            ],
            "confirm_label": _("Remove from the class"),
            "cancel_url": classroom.get_absolute_url(),
            "breadcrumbs": "classrooms/_breadcrumbs.html",
            "here": _("Remove a student"),
            "stylesheet": "css/classrooms.css",
            "classroom": classroom,
        },
    )


@require_POST
def student_restore(request, pk, student_pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    enrolment = get_enrolment_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk, removed=True
    )
    services.enrolment_restore(enrolment=enrolment, by=request.user)
    messages.success(
        request, _("%(name)s is back on the roster.") % {"name": enrolment.student}
    )
    return redirect(classroom)


@require_POST
def co_teacher_add(request, pk):
    """Invite a teacher by username. The answer is the same whether or not a
    teacher has that username; they co-teach once they accept."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    if not can_administer_classroom(request.user, classroom):
        raise PermissionDenied
    form = CoTeacherForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        try:
            services.co_teacher_invite(
                classroom=classroom, username=username, by=request.user
            )
        except ValidationError as error:
            messages.error(request, first_message(error))
        else:
            messages.success(
                request,
                _(
                    "Invitation kept for “%(username)s”. If that is a teacher's "
                    "username here, they will find it on their Classes page and "
                    "co-teach this class once they accept."
                )
                % {"username": username},
            )
    else:
        messages.error(request, _("Type the username of a teacher."))
    return redirect(classroom)


@require_POST
def co_teacher_invitation_withdraw(request, pk, invitation_pk):
    """The owner takes back an invitation nobody has accepted yet."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    invitation = get_invitation_for_owner_or_404(
        request.user, classroom=classroom, pk=invitation_pk
    )
    services.co_teacher_invitation_delete(invitation=invitation)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect(classroom)


@require_POST
def co_teacher_invitation_answer(request, invitation_pk):
    """The invited teacher accepts (``accept=1``) or declines an invitation."""
    invitation = get_invitation_for_invited_or_404(request.user, invitation_pk)
    if request.POST.get("accept") != "1":
        services.co_teacher_invitation_delete(invitation=invitation)
        messages.success(request, _("The invitation is declined."))
        return redirect("classrooms:classroom_list")
    try:
        classroom = services.co_teacher_invitation_accept(
            invitation=invitation, teacher=request.user
        )
    except ValidationError as error:
        messages.error(request, first_message(error))
        return redirect("classrooms:classroom_list")
    messages.success(request, _("You now co-teach %(class)s.") % {"class": classroom})
    return redirect(classroom)


@require_POST
def co_teacher_remove(request, pk, user_pk):
    classroom = get_classroom_for_user_or_404(request.user, pk)
    if not can_administer_classroom(request.user, classroom):
        raise PermissionDenied
    teacher = get_object_or_404(classroom.co_teachers.all(), pk=user_pk)
    services.classroom_co_teacher_remove(
        classroom=classroom, teacher=teacher, by=request.user
    )
    messages.success(
        request, _("%(name)s no longer co-teaches this class.") % {"name": teacher}
    )
    return redirect(classroom)


# --- students ------------------------------------------------------------------


def my_classes(request):
    return render(
        request,
        "classrooms/my_classes.html",
        {"classrooms": classrooms_for_student(user=request.user)},
    )


def join(request):
    form = JoinForm(
        request.POST or None,
        request=request,
        initial={"code": request.GET.get("code", "")[:20]},
    )
    if request.method == "POST" and form.is_valid():
        enrolment, joined = services.classroom_join(
            student=request.user, code=form.cleaned_data["code"]
        )
        if joined:
            messages.success(
                request,
                _("You joined %(name)s.") % {"name": enrolment.classroom},
            )
        else:
            messages.info(
                request,
                _("You are already in %(name)s.") % {"name": enrolment.classroom},
            )
        return redirect("classrooms:my_classes")
    return render(request, "classrooms/join.html", {"form": form})


@login_not_required
def sign_up(request):
    """A student without an account makes one with a class code (when the class
    allows it); no e-mail address is asked for."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(
        request.POST or None,
        request=request,
        initial={"code": request.GET.get("code", "")[:20]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.student_sign_up(
            classroom=form.classroom,
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            password=data["password1"],
        )
        login(request, user, backend=PORTAL_BACKEND)
        request.session["classrooms_new_username"] = user.username
        return redirect("classrooms:welcome")
    return render(request, "classrooms/sign_up.html", {"form": form})


def welcome(request):
    """Right after signing up: the username to remember, shown to its owner only."""
    username = request.session.pop("classrooms_new_username", None)
    if username != request.user.username:
        return redirect("home")
    return render(
        request,
        "classrooms/welcome.html",
        {"classrooms": classrooms_for_student(user=request.user)},
    )
