"""Sample URL arguments for the access-policy walk.

For every URL pattern that takes arguments, a builder here gets the person who should
be allowed in (a teacher, student or admin of the row's audience) and returns kwargs
for an object that person may see. The walk then checks that this person gets in and
that every role outside the audience is refused. A new parametrised URL without a
builder fails tests/test_access_policy.py.
"""

from collections.abc import Callable

URL_KWARGS: dict[str, Callable[[object], dict]] = {}


def sample(name: str):
    def register(builder):
        URL_KWARGS[name] = builder
        return builder

    return register


# Builders per app live below, grouped by app. Import app models inside the builder.

# portal / accounts: no parametrised URLs.


# --- jobs ---


@sample("jobs:file")
@sample("jobs:detail")
def _job_kwargs(user):
    from jobs.models import Job

    job = Job.objects.create(
        handler="tests.jobs.handlers.echo", title="Sample job", owner=user
    )
    return {"pk": job.pk}


# --- notifications ---


@sample("notifications:open")
@sample("notifications:read")
def _notification_kwargs(user):
    from notifications.models import Kind
    from notifications.services import notify

    notify(recipients=[user], kind=Kind.REPLY, params={"title": "T"})
    return {"pk": user.notifications.latest("pk").pk}


@sample("notifications:unsubscribe")
def _unsubscribe_kwargs(user):
    from notifications.tokens import unsubscribe_token

    return {"token": unsubscribe_token(user, "reply")}


@sample("assignments:calendar_feed")
def _calendar_kwargs(user):
    from notifications.services import calendar_feed_renew

    return {"token": calendar_feed_renew(user=user).token}


# --- sources ---


def _sample_source(user):
    """A source (with one passage) the given person may see and change: their own
    for a teacher, shared for an admin."""
    from tests.builders import passage_build

    owner = None if user.is_staff else user
    return passage_build(
        owner=owner,
        title=f"Sample source for {user.username}",
        passage="Sample passage",
    ).source


def _source_kwargs(user):
    return {"slug": _sample_source(user).slug}


def _excerpt_kwargs(user):
    source = _sample_source(user)
    return {"slug": source.slug, "excerpt_slug": source.excerpts.get().slug}


def _image_kwargs(user):
    """A picture the person may see: their own (a teacher), a shared one (an
    admin), or a teacher's private one in a lesson assigned to their class."""
    from lessons.services import lesson_excerpt_add
    from tests.assignments.conftest import build_assignment, enrol
    from tests.builders import TeacherFactory, image_build

    if not user.is_student:
        image = image_build(owner=None if user.is_staff else user).image
    else:
        assignment = build_assignment(TeacherFactory(), prompts=1)
        enrol(assignment.classroom, user)
        excerpt = image_build(owner=assignment.lesson.unit.owner)
        lesson_excerpt_add(lesson=assignment.lesson, excerpt=excerpt)
        image = excerpt.image
    return {"pk": image.pk, "variant": "display", "version": image.version}


sample("sources:excerpt_image")(_image_kwargs)


@sample("sources:image_detail_create")
def _picture_excerpt_kwargs(user):
    """A picture excerpt the person may see in the library (their own, or a
    shared one for an admin)."""
    from tests.builders import image_build

    excerpt = image_build(owner=None if user.is_staff else user)
    return {"slug": excerpt.source.slug, "excerpt_slug": excerpt.slug}


@sample("sources:web_page")
def _web_page_kwargs(user):
    """A web page source whose excerpt the person may read: their own (a teacher),
    a shared one (an admin), or one in a lesson assigned to their class."""
    from lessons.services import lesson_excerpt_add
    from sources.services import excerpt_create, source_create
    from tests.assignments.conftest import build_assignment, enrol
    from tests.builders import TeacherFactory

    owner = None if user.is_staff else user
    if user.is_student:
        assignment = build_assignment(TeacherFactory(), prompts=1)
        enrol(assignment.classroom, user)
        owner = assignment.lesson.unit.owner
    source = source_create(owner=owner, title="A page", kind="web_page")
    excerpt = excerpt_create(
        source=source, owner=owner, title="The page", text="A title\n\nWords."
    )
    if user.is_student:
        lesson_excerpt_add(lesson=assignment.lesson, excerpt=excerpt)
    return {"slug": source.slug}


for _name in [
    "source_detail",
    "source_edit",
    "source_delete",
    "excerpt_create",
    "image_create",
]:
    sample(f"sources:{_name}")(_source_kwargs)
for _name in ["excerpt_read", "excerpt_edit", "excerpt_delete"]:
    sample(f"sources:{_name}")(_excerpt_kwargs)


# --- classrooms ---


def _classroom_of(user):
    from classrooms.services import classroom_create

    return classroom_create(owner=user, name="Sample class", section="Period 1")


def _classroom_kwargs(user):
    return {"pk": _classroom_of(user).pk}


for _name in [
    "classrooms:classroom_archive",
    "classrooms:classroom_code",
    "classrooms:classroom_detail",
    "classrooms:classroom_edit",
    "classrooms:co_teacher_add",
    "classrooms:group_create",
    "classrooms:groups",
    "classrooms:groups_assign",
    "classrooms:groups_split",
    "classrooms:join_code_regenerate",
    "classrooms:students_add",
    "classrooms:students_password_reset",
]:
    sample(_name)(_classroom_kwargs)


def _student_in_class(user, *, removed=False):
    from classrooms.services import enrolment_ensure, enrolment_remove
    from tests.builders import StudentFactory

    classroom = _classroom_of(user)
    enrolment = enrolment_ensure(classroom=classroom, student=StudentFactory())
    if removed:
        enrolment_remove(enrolment=enrolment)
    return {"pk": classroom.pk, "student_pk": enrolment.student_id}


sample("classrooms:student_remove")(_student_in_class)
sample("classrooms:student_accommodations")(_student_in_class)
sample("privacy:student_export")(_student_in_class)
sample("privacy:student_anonymise")(_student_in_class)
sample("classrooms:student_restore")(lambda user: _student_in_class(user, removed=True))


@sample("classrooms:group_rename")
@sample("classrooms:group_delete")
def _group_of_class(user):
    from classrooms.services.groups import group_create

    classroom = _classroom_of(user)
    return {
        "pk": classroom.pk,
        "group_pk": group_create(classroom=classroom, name="Reds").pk,
    }


@sample("classrooms:co_teacher_remove")
def _co_teacher(user):
    from tests.builders import TeacherFactory

    classroom = _classroom_of(user)
    co_teacher = TeacherFactory()
    classroom.co_teachers.add(co_teacher)
    return {"pk": classroom.pk, "user_pk": co_teacher.pk}


@sample("classrooms:co_teacher_invitation_withdraw")
def _invitation_sent(user):
    from classrooms.services import co_teacher_invite

    classroom = _classroom_of(user)
    co_teacher_invite(classroom=classroom, username="someone.else", by=user)
    invitation = classroom.co_teacher_invitations.get()
    return {"pk": classroom.pk, "invitation_pk": invitation.pk}


@sample("classrooms:co_teacher_invitation_answer")
def _invitation_received(user):
    from classrooms.services import classroom_create, co_teacher_invite
    from tests.builders import TeacherFactory

    owner = TeacherFactory()
    classroom = classroom_create(owner=owner, name="Invited class")
    co_teacher_invite(classroom=classroom, username=user.username, by=owner)
    return {"invitation_pk": classroom.co_teacher_invitations.get().pk}


def _cards(user):
    from classrooms.cards import login_cards_store
    from classrooms.services import StudentRow, students_bulk_create

    classroom = _classroom_of(user)
    cards = students_bulk_create(
        classroom=classroom, rows=[StudentRow("Maya", "Okafor")]
    )
    token = login_cards_store(classroom=classroom, user=user, cards=cards)
    return {"pk": classroom.pk, "token": token}


for _name in [
    "classrooms:login_cards",
    "classrooms:login_cards_csv",
    "classrooms:login_cards_discard",
]:
    sample(_name)(_cards)


# --- lessons ---


def _unit_of(user):
    from lessons.services import unit_create

    return unit_create(owner=user, title="Sample unit")


def _lesson_of(user):
    from lessons.services import lesson_create

    return lesson_create(unit=_unit_of(user), title="Sample lesson")


def _library_excerpt():
    from sources.services import excerpt_create, source_create

    source = source_create(owner=None, title="Sample source")
    return excerpt_create(
        source=source, owner=None, title="Sample passage", text="One.\n\nTwo."
    )


for _name in [
    "lessons:co_author_add",
    "lessons:lesson_create",
    "lessons:unit_copy",
    "lessons:unit_delete",
    "lessons:unit_detail",
    "lessons:unit_edit",
    "lessons:unit_status",
]:
    sample(_name)(lambda user: {"pk": _unit_of(user).pk})

for _name in [
    "lessons:lesson_delete",
    "lessons:lesson_edit",
    "lessons:lesson_editor",
    "lessons:lesson_excerpt_add",
    "lessons:lesson_move",
    "lessons:lesson_preview",
    "lessons:lesson_source_add",
    "lessons:lesson_undo",
    "lessons:prompt_create",
]:
    sample(_name)(lambda user: {"pk": _lesson_of(user).pk})


@sample("lessons:co_author_remove")
def _co_author(user):
    from tests.builders import TeacherFactory

    unit = _unit_of(user)
    co_author = TeacherFactory()
    unit.co_authors.add(co_author)
    return {"pk": unit.pk, "user_pk": co_author.pk}


def _lesson_excerpt_kwargs(user):
    from lessons.services import lesson_excerpt_add

    item = lesson_excerpt_add(lesson=_lesson_of(user), excerpt=_library_excerpt())
    return {"pk": item.pk}


for _name in [
    "lessons:lesson_excerpt_move",
    "lessons:lesson_excerpt_note",
    "lessons:lesson_excerpt_remove",
]:
    sample(_name)(_lesson_excerpt_kwargs)


@sample("lessons:lesson_source_remove")
def _lesson_source(user):
    from lessons.services import lesson_source_add

    source = _library_excerpt().source
    return {"pk": lesson_source_add(lesson=_lesson_of(user), source=source).pk}


def _prompt_kwargs(user):
    from lessons.services import prompt_create

    prompt = prompt_create(lesson=_lesson_of(user), text="Why?", skill="open")
    return {"pk": prompt.pk}


for _name in ["lessons:prompt_delete", "lessons:prompt_edit", "lessons:prompt_move"]:
    sample(_name)(_prompt_kwargs)


# --- assignments ---


def _assignment_for(user):
    """An assignment the person may reach: their class's (teacher or admin) or one
    of a class they are in (student)."""
    from tests.assignments.conftest import build_assignment, enrol
    from tests.builders import TeacherFactory

    if user.is_student:
        assignment = build_assignment(TeacherFactory(), prompts=1)
        enrol(assignment.classroom, user)
    else:
        assignment = build_assignment(user, prompts=1)
    return assignment


def _grid_kwargs(user):
    from tests.assignments.conftest import build_assignment, enrol
    from tests.builders import TeacherFactory

    questions = ("Who wrote the document?", "Does it show trust?")
    if user.is_student:
        assignment = build_assignment(TeacherFactory(), prompts=0, grid=questions)
        enrol(assignment.classroom, user)
    else:
        assignment = build_assignment(user, prompts=0, grid=questions)
    return {"pk": assignment.pk, "prompt_pk": assignment.lesson.prompts.get().pk}


def _grid_cell_kwargs(user):
    kwargs = _grid_kwargs(user)
    from assignments.models import Assignment

    lesson = Assignment.objects.get(pk=kwargs["pk"]).lesson
    excerpt = lesson.lesson_excerpts.order_by("order").first().excerpt
    return {**kwargs, "excerpt_pk": excerpt.pk, "column": 1}


sample("assignments:grid_submit")(_grid_kwargs)
sample("assignments:class_grid")(_grid_kwargs)
sample("assignments:grid_cell_save")(_grid_cell_kwargs)
sample("assignments:grid_cell_autosave")(_grid_cell_kwargs)


def _assignment_kwargs(user):
    return {"pk": _assignment_for(user).pk}


def _assignment_prompt_kwargs(user):
    assignment = _assignment_for(user)
    return {"pk": assignment.pk, "prompt_pk": assignment.lesson.prompts.get().pk}


for _name in [
    "assignments:assignment_close",
    "assignments:assignment_delete",
    "assignments:assignment_detail",
    "assignments:assignment_edit",
    "assignments:assignment_manage",
    "assignments:assignment_points",
    "assignments:submit_all",
]:
    sample(_name)(_assignment_kwargs)
for _name in [
    "assignments:citation_create",
    "assignments:region_cite_create",
    "assignments:citation_remove",
    "assignments:discussion",
    "assignments:response_autosave",
    "assignments:response_cite",
    "assignments:response_cite_region",
    "assignments:response_save",
    "assignments:response_submit",
]:
    sample(_name)(_assignment_prompt_kwargs)


@sample("assignments:sourcing_save")
def _sourcing_kwargs(user):
    assignment = _assignment_for(user)
    assignment.lesson.source_first = True
    assignment.lesson.save(update_fields=["source_first"])
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    return {"pk": assignment.pk, "excerpt_pk": excerpt.pk}


def _posted_answer(user):
    import uuid

    from assignments.services import answers as services

    assignment = _assignment_for(user)
    classroom = assignment.classroom
    from tests.assignments.conftest import enrol

    author = user if user.is_student else enrol(classroom)
    response = services.response_get_or_create(
        assignment=assignment, prompt=assignment.lesson.prompts.get(), student=author
    )
    services.response_draft_save(response=response, text="An answer.", revision=1)
    services.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.first().excerpt,
        paragraph=1,
        quotation="lend or lease",
    )
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
    return response


sample("assignments:reply_create")(
    lambda user: {"response_pk": _posted_answer(user).pk}
)


def _reply_kwargs(user):
    from assignments.services.replies import reply_create
    from tests.assignments.conftest import enrol

    response = _posted_answer(user)
    author = user if user.is_student else enrol(response.assignment.classroom)
    reply = reply_create(response=response, author=author, text="Agreed.")
    return {"pk": reply.pk}


for _name in ["assignments:reply_edit", "assignments:reply_hide"]:
    sample(_name)(_reply_kwargs)


for _name in [
    "assignments:assignment_rubric",
    "assignments:citation_map",
    "assignments:review_return",
    "assignments:review_table",
]:
    sample(_name)(_assignment_kwargs)


@sample("assignments:grading")
@sample("assignments:feedback_save")
@sample("assignments:feedback_save_next")
@sample("assignments:feedback_save_return")
@sample("assignments:feedback_save_revise")
def _grading_kwargs(user):
    from tests.assignments.conftest import enrol

    assignment = _assignment_for(user)
    return {"pk": assignment.pk, "student_pk": enrol(assignment.classroom).pk}


@sample("assignments:saved_comment_create")
@sample("assignments:saved_comment_use")
def _grading_question_kwargs(user):
    from tests.assignments.conftest import enrol

    assignment = _assignment_for(user)
    return {
        "pk": assignment.pk,
        "student_pk": enrol(assignment.classroom).pk,
        "prompt_pk": assignment.lesson.prompts.get().pk,
    }


for _name in [
    "assignments:classwork",
    "assignments:gradebook",
    "assignments:gradebook_csv",
    "assignments:skill_report",
]:
    sample(_name)(lambda user: {"pk": _assignment_for(user).classroom_id})


@sample("assignments:saved_comment_delete")
def _saved_comment_kwargs(user):
    from assignments.services.feedback import saved_comment_create

    return {"pk": saved_comment_create(owner=user, text="Cite the text.").pk}


@sample("assignments:rubric_edit")
@sample("assignments:rubric_delete")
def _rubric_kwargs(user):
    from assignments.services.rubrics import rubric_create

    rubric = rubric_create(
        owner=user,
        title="Sample rubric",
        criteria=[{"title": "Uses the source", "skill": "sourcing", "points": 3}],
    )
    return {"pk": rubric.pk}


# --- accounts: sign-in providers and the second factor ---


def _provider(provider: str, **fields):
    def build(user):
        from tests.builders import sign_in_provider_build

        app = sign_in_provider_build(provider=provider, **fields)
        if provider == "openid_connect":
            return {"provider_id": app.provider_id}
        return {}

    return build


for _p in ["google", "microsoft", "clever"]:
    sample(f"{_p}_login")(_provider(_p))
    sample(f"{_p}_callback")(_provider(_p))
for _name in ["openid_connect_login", "openid_connect_callback"]:
    sample(_name)(
        _provider(
            "openid_connect",
            provider_id="district",
            server_url="http://127.0.0.1:9/",
        )
    )


@sample("saml_login")
@sample("saml_acs")
@sample("saml_finish_acs")
@sample("saml_metadata")
@sample("saml_sls")
def _saml(user):
    from tests.builders import sign_in_provider_build

    sign_in_provider_build(
        provider="saml",
        name="Sign in with the district",
        client_id="district",
        idp={
            "entity_id": "https://idp.district.test/",
            "sso_url": "https://idp.district.test/sso",
            "x509cert": "",
        },
        advanced={"allow_single_label_domains": True},
    )
    return {"organization_slug": "district"}


def _with_mfa(user):
    from allauth.mfa.utils import is_mfa_enabled

    from tests.builders import mfa_build

    if not is_mfa_enabled(user):
        mfa_build(user)
    return {}


for _name in [
    "mfa_deactivate_totp",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
]:
    sample(_name)(_with_mfa)


sample("assignments:student_due_dates")(_student_in_class)


@sample("assignments:student_due_date_remove")
def _student_due_date_kwargs(user):
    """A student of the person's class and one of that class's assignments."""
    from classrooms.services import enrolment_ensure
    from tests.builders import StudentFactory

    assignment = _assignment_for(user)
    student = StudentFactory()
    enrolment_ensure(classroom=assignment.classroom, student=student)
    return {
        "pk": assignment.classroom_id,
        "student_pk": student.pk,
        "assignment_pk": assignment.pk,
    }


def _translation_kwargs(user):
    """A Spanish translation of a passage the person may change."""
    from sources.services import excerpt_translation_save

    source = _sample_source(user)
    excerpt = source.excerpts.get()
    excerpt_translation_save(
        excerpt=excerpt,
        language="es",
        text="\n\n".join(f"Párrafo {n}." for n, _p in enumerate(excerpt.paragraphs)),
    )
    return {"slug": source.slug, "excerpt_slug": excerpt.slug, "language": "es"}


sample("sources:translation_create")(_excerpt_kwargs)
sample("sources:translation_edit")(_translation_kwargs)
sample("sources:translation_delete")(_translation_kwargs)
