"""Who may see and do what with assignments. Views fetch through these filters, so
another class's assignment, answer or discussion answers 404, like a missing one.

- A student sees the assignments of the classes they are in now (not removed, class
  not archived) once they are available, and only their own answers, except in the
  discussion, which the assignment's setting opens.
- The teachers of a class (owner and co-teachers) see and manage its assignments.
"""

from django.db import connections, router
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.sql import Query
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.accommodated import student_assignment
from assignments.models import (
    Assignment,
    Citation,
    Reply,
    Response,
    Rubric,
    SavedComment,
    SourcingNote,
    SubmissionVersion,
)
from assignments.schedule import personal_due_apply_annotated
from classrooms.models import Enrolment
from classrooms.permissions import classrooms_managed_by
from lessons.models import Prompt
from portal.limits import id_from
from sources.models import Excerpt


def assignments_for_student_q(user) -> Q:
    classes = Enrolment.objects.filter(
        student=user, removed_at__isnull=True, classroom__archived_at__isnull=True
    ).values("classroom_id")
    return Q(classroom_id__in=classes, available_from__lte=timezone.now())


def assignments_visible_to_student(user, queryset: QuerySet | None = None) -> QuerySet:
    """Available assignments of the student's current classes."""
    queryset = Assignment.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_student):
        return queryset.none()
    return queryset.filter(assignments_for_student_q(user))


def assignments_managed_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """Assignments of the classes a teacher owns or co-teaches."""
    queryset = Assignment.objects.all() if queryset is None else queryset
    return queryset.filter(classroom__in=classrooms_managed_by(user))


def excerpts_of_assignments(user) -> QuerySet:
    """Ids of the excerpts of the lessons assigned to the viewer (a student) or to
    the classes they teach (a teacher reading a class's answers). A student reads an
    excerpt of a source-first lesson only once they have sourced it there."""
    if user.is_student:
        assignments = assignments_visible_to_student(user)
        return Excerpt.objects.filter(
            Q(
                lesson_uses__lesson__in=assignments.filter(
                    lesson__source_first=False
                ).values("lesson_id")
            )
            | Q(
                sourcing_notes__student=user,
                sourcing_notes__assignment__in=assignments,
            )
        ).values("pk")
    return Excerpt.objects.filter(
        lesson_uses__lesson__in=assignments_managed_by(user).values("lesson_id")
    ).values("pk")


def locked_excerpt_ids(assignment: Assignment, user) -> set[int]:
    """The excerpts of a source-first lesson whose text this student may not see
    yet: those they have not answered the sourcing questions on in this
    assignment. Empty for a lesson without source first, and for a teacher (whose
    preview shows everything). One query (none when nothing can be locked)."""
    if not user.is_student or not assignment.lesson.source_first:
        return set()
    return set(
        Excerpt.objects.filter(lesson_uses__lesson_id=assignment.lesson_id)
        .exclude(
            pk__in=SourcingNote.objects.filter(
                assignment=assignment, student=user
            ).values("excerpt_id")
        )
        .values_list("pk", flat=True)
    )


def excerpt_is_locked(assignment: Assignment, user, excerpt: Excerpt) -> bool:
    """Whether this excerpt's text is still closed to this student (see
    ``locked_excerpt_ids``)."""
    return excerpt.pk in locked_excerpt_ids(assignment, user)


def can_manage_assignment(user, assignment: Assignment) -> bool:
    """The class's owner and co-teachers change dates, close and moderate."""
    return assignments_managed_by(user).filter(pk=assignment.pk).exists()


SUBMIT_REFUSALS = {
    "returned": _(
        "Your teacher has returned this answer, so it cannot be submitted again. "
        "Your draft is kept."
    ),
    "closed": _(
        "This assignment is closed, so answers can no longer be submitted. Your "
        "draft is kept; ask your teacher if you need more time."
    ),
    "late_refused": _(
        "The due time has passed and this assignment does not accept late work. "
        "Your draft is kept; ask your teacher if you need more time."
    ),
}


def can_submit(response: Response) -> tuple[bool, str]:
    """Whether a student may submit this answer now: not once it is returned, not
    once the assignment is closed, and not late when late work is refused, unless
    the teacher returned it for revision. The reason code comes back with a no."""
    assignment = response.assignment
    if response.status == Response.Status.RETURNED:
        return False, "returned"
    if assignment.is_closed:
        return False, "closed"
    if (
        assignment.is_past_due
        and not assignment.late_work_allowed
        and response.status != Response.Status.REVISION
    ):
        return False, "late_refused"
    return True, ""


def can_see_discussion(user, assignment: Assignment, own: Response | None) -> bool:
    """Teachers of the class always; a student as the setting says: always, never,
    or once they have submitted their own answer to the prompt."""
    if user.is_authenticated and not user.is_student:
        return can_manage_assignment(user, assignment)
    visibility = assignment.discussion_visibility
    if visibility == Assignment.Visibility.ALWAYS:
        return True
    if visibility == Assignment.Visibility.NEVER:
        return False
    return own is not None and own.has_posted


def discussion_scope_q(user) -> Q:
    """The answers (Response rows) a student may read and reply to in a discussion
    beyond the setting above: all of the class's when the assignment is not
    discussed in groups; otherwise their own and those of their group (a student
    in no group has only their own). Teachers are not narrowed."""
    if not (user.is_authenticated and user.is_student):
        return Q()
    return student_discussion_scope_q(user.pk)


def student_discussion_scope_q(student_id: int) -> Q:
    """``discussion_scope_q`` for the student of this id (a query compiled once
    takes the id, not the user)."""
    same_group = Exists(
        Enrolment.objects.filter(
            classroom_id=OuterRef("assignment__classroom_id"),
            student_id=OuterRef("student_id"),
            group__isnull=False,
            group__enrolments__student_id=student_id,
            group__enrolments__removed_at__isnull=True,
        )
    )
    return (
        Q(assignment__discussion_in_groups=False)
        | Q(student_id=student_id)
        | Q(same_group)
    )


def is_someone_elses_page(user, sent_student: str | None) -> bool:
    """The assignment page says whose it is; a form or fetch from a page opened by
    another student (a shared computer, after signing in as someone else) is
    refused, so no one's answer is changed."""
    return sent_student is not None and sent_student != str(user.pk)


def can_edit_reply(user, reply: Reply) -> bool:
    """Its author, within the edit window, while it is not hidden."""
    return (
        reply.author_id == user.pk
        and not reply.is_hidden
        and timezone.now() <= reply.editable_until()
    )


# What a student's assignment is fetched with: its class, lesson and unit, which
# the pages show.
STUDENT_ASSIGNMENT_RELATED = ("classroom", "lesson__unit")


def get_assignment_for_student_or_404(
    user, pk: int, *, related: tuple[str, ...] = STUDENT_ASSIGNMENT_RELATED
) -> Assignment:
    """The assignment as this student sees it: their own due date (extended time)
    and the version their reading opens on. One query: the rule of
    ``assignments_visible_to_student`` (a class they are in now, not archived, the
    assignment available) written as the join ``with_accommodations`` reads the
    accommodations through. ``related``: what to load with it (``()`` for an
    endpoint that needs the row alone), as select_related() would."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    number = id_from(pk)
    assignment = number and student_assignment(
        number, student=user.pk, related=tuple(related)
    )
    if not assignment:
        raise Http404
    return personal_due_apply_annotated(assignment)


def get_assignment_for_teacher_or_404(user, pk: int) -> Assignment:
    return get_object_or_404(
        assignments_managed_by(user).select_related(
            "classroom", "lesson__unit", "created_by"
        ),
        pk=pk,
    )


def get_prompt_of_assignment_or_404(assignment: Assignment, prompt_pk: int) -> Prompt:
    return get_object_or_404(Prompt, lesson_id=assignment.lesson_id, pk=prompt_pk)


def own_response_to_prompt(
    user, assignment: Assignment, prompt_pk: int
) -> Response | None:
    """The student's own answer to a prompt of the assignment's lesson, with the
    prompt and its latest version, in one query; None before their first save (and
    for a prompt that is not the lesson's: ``get_prompt_of_assignment_or_404``
    then answers 404)."""
    if id_from(prompt_pk) is None:
        return None  # no database id (SQLite would not take it as a parameter)
    found = list(
        Response.objects.select_related("prompt", "latest_version")
        .filter(
            assignment=assignment,
            student=user,
            prompt_id=prompt_pk,
            prompt__lesson_id=assignment.lesson_id,
        )
        .order_by()[:1]
    )
    if not found:
        return None
    found[0].assignment = assignment  # the student's read (their own due date)
    return found[0]


# The autosave's read, written out once: building it through the ORM cost more
# than the database spends answering it, on the portal's busiest request (a class
# saving every few seconds while typing). Its rule is the one of
# ``get_assignment_for_student_or_404`` (available, class not archived, the
# student in it now) and ``own_response_to_prompt`` (their own answer, to a prompt
# of the assignment's lesson); tests/assignments/test_views_api.py holds it to both.
_OWN_ANSWER_SQL = """
SELECT r.id, r.assignment_id, r.prompt_id, r.student_id, r.text, r.revision,
       r.status, r.draft_saved_at, a.id, a.lesson_id, p.id, p.kind,
       v.id, v.number, v.text, v.is_late, v.submitted_at
FROM assignments_response r
JOIN lessons_prompt p ON p.id = r.prompt_id
JOIN assignments_assignment a
  ON a.id = r.assignment_id AND a.lesson_id = p.lesson_id
JOIN classrooms_classroom c ON c.id = a.classroom_id
JOIN classrooms_enrolment e
  ON e.classroom_id = a.classroom_id AND e.student_id = r.student_id
LEFT JOIN assignments_submissionversion v ON v.id = r.latest_version_id
WHERE r.assignment_id = %s AND r.prompt_id = %s AND r.student_id = %s
  AND a.available_from <= %s AND c.archived_at IS NULL AND e.removed_at IS NULL
"""
# Its columns by model, each model's in the order of its fields (as
# ``Model.from_db`` takes them; the fields not named are deferred).
_OWN_ANSWER_FIELDS = (
    (Response, ("id", "assignment_id", "prompt_id", "student_id", "text")),
    (Response, ("revision", "status", "draft_saved_at")),
    (Assignment, ("id", "lesson_id")),
    (Prompt, ("id", "kind")),
    (SubmissionVersion, ("id", "number", "text", "is_late", "submitted_at")),
)
_OWN_ANSWER_COLUMNS = [
    model._meta.get_field(name).get_col(model._meta.db_table)
    for model, names in _OWN_ANSWER_FIELDS
    for name in names
]


def _own_answer_row(user, assignment_pk: int, prompt_pk: int) -> list | None:
    """The row of ``_OWN_ANSWER_SQL``, its values as the ORM would give them."""
    connection = connections[router.db_for_read(Response)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_OWN_ANSWER_SQL, [assignment_pk, prompt_pk, user.pk, now])
        row = cursor.fetchone()
    if row is None:
        return None
    compiler = Query(Response).get_compiler(connection=connection)
    converters = compiler.get_converters(_OWN_ANSWER_COLUMNS)
    return list(next(iter(compiler.apply_converters([row], converters))))


def own_answer_for_autosave(user, assignment_pk: int, prompt_pk: int):
    """The student's own answer to a prompt of an assignment they see now, for
    saving their draft, in one query: its revision, status, text and time saved,
    with ``.prompt`` (its kind), ``.latest_version`` and ``.assignment`` (its
    lesson; not the student's own dates: a draft needs none) set; every other
    field is deferred and would load on first use. None when there is none to
    save into (before the first save, or not theirs to see): the caller then goes
    through ``get_assignment_for_student_or_404``, which tells these apart."""
    if not (user.is_authenticated and user.is_student):
        return None
    if id_from(assignment_pk) is None or id_from(prompt_pk) is None:
        return None  # no database id (SQLite would not take it as a parameter)
    row = _own_answer_row(user, assignment_pk, prompt_pk)
    if row is None:
        return None
    db = router.db_for_read(Response)
    response_fields = _OWN_ANSWER_FIELDS[0][1] + _OWN_ANSWER_FIELDS[1][1]
    response = Response.from_db(db, response_fields, row[:8])
    response.assignment = Assignment.from_db(db, _OWN_ANSWER_FIELDS[2][1], row[8:10])
    response.prompt = Prompt.from_db(db, _OWN_ANSWER_FIELDS[3][1], row[10:12])
    response.latest_version = (
        None
        if row[12] is None
        else SubmissionVersion.from_db(db, _OWN_ANSWER_FIELDS[4][1], row[12:])
    )
    return response


def get_excerpt_of_assignment_or_404(assignment: Assignment, pk: int) -> Excerpt:
    """One of the excerpts of the assignment's lesson (with its source)."""
    return get_object_or_404(
        Excerpt.objects.select_related("source").filter(
            lesson_uses__lesson=assignment.lesson
        ),
        pk=pk,
    )


def get_citation_of_response_or_404(response: Response, pk: int) -> Citation:
    return get_object_or_404(Citation, response=response, pk=pk)


def get_reply_for_author_or_404(user, pk: int) -> Reply:
    return get_object_or_404(
        Reply.objects.filter(
            author=user,
            response__assignment__in=assignments_visible_to_student(user),
        ).select_related("response__assignment", "response__prompt"),
        pk=pk,
    )


def get_reply_for_teacher_or_404(user, pk: int) -> Reply:
    return get_object_or_404(
        Reply.objects.filter(
            response__assignment__in=assignments_managed_by(user)
        ).select_related("response__assignment", "response__prompt"),
        pk=pk,
    )


def get_response_for_discussion_or_404(user, pk: int) -> Response:
    """A classmate's posted answer the student may reply to (its class is theirs;
    in a discussion in groups, their group's)."""
    return get_object_or_404(
        Response.objects.filter(
            discussion_scope_q(user),
            assignment__in=assignments_visible_to_student(user),
            latest_version__isnull=False,
        ).select_related("assignment", "prompt", "student"),
        pk=pk,
    )


def get_rubric_for_owner_or_404(user, pk: int) -> Rubric:
    """A rubric is its owner's alone: anyone else gets 404, as for a missing one."""
    return get_object_or_404(Rubric.objects.filter(owner=user), pk=pk)


def get_saved_comment_for_owner_or_404(user, pk: int) -> SavedComment:
    """A saved comment is in its owner's bank only."""
    return get_object_or_404(SavedComment, owner=user, pk=pk)
