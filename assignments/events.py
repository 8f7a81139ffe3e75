"""Notifications about assignments and answers: a new assignment for the class's
students, a returned answer, a reply, and for teachers one line per assignment
counting new (and late) submissions. Each costs a bounded number of queries
whatever the size of the class."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse

from accounts.models import User
from assignments.models import (
    Assignment,
    PersonalDueDate,
    Reply,
    Response,
    SubmissionVersion,
)
from assignments.schedule import personal_due_at
from classrooms.events import other_teachers
from classrooms.models import Enrolment
from notifications.models import Kind
from notifications.services import event_first_time, notify, notify_grouped


def _title(assignment: Assignment) -> str:
    return assignment.lesson.title


def students_of(assignment: Assignment):
    return User.objects.filter(
        is_active=True,
        enrolments__classroom_id=assignment.classroom_id,
        enrolments__removed_at__isnull=True,
    ).only("pk", "email", "is_active", "language", "time_zone")


def students_by_due_date(
    assignment: Assignment, *, exclude=None
) -> dict[datetime, list[User]]:
    """The class's active students grouped by their own due date on the assignment
    (assignments.schedule.personal_due_at: the class's date, moved by their
    extended time, or a date of their own on it), so each group hears of its own
    date. Two queries, however many students. ``exclude``: a filter on the
    enrolment to leave some out."""
    enrolments = Enrolment.objects.filter(
        classroom_id=assignment.classroom_id,
        removed_at__isnull=True,
        student__is_active=True,
    )
    if exclude is not None:
        enrolments = enrolments.exclude(exclude)
    own = dict(
        PersonalDueDate.objects.filter(assignment=assignment).values_list(
            "student_id", "due_at"
        )
    )
    groups: dict[datetime, list[User]] = {}
    for enrolment in enrolments.select_related("student").only(
        "extra_days",
        "extra_percent",
        "student__id",
        "student__email",
        "student__is_active",
        "student__language",
        "student__time_zone",
    ):
        due = personal_due_at(
            assignment.due_at,
            available_from=assignment.available_from,
            extra_days=enrolment.extra_days,
            extra_percent=enrolment.extra_percent,
            own_due_at=own.get(enrolment.student_id),
        )
        groups.setdefault(due, []).append(enrolment.student)
    return groups


@transaction.atomic
def assignment_announce(*, assignment: Assignment) -> int:
    """Tell the class's students about an assignment they can open now (once:
    the reminders job announces one whose start date arrives later), each with
    their own due date."""
    if not assignment.is_available or assignment.is_closed:
        return 0
    if not event_first_time(f"assignment_new:{assignment.pk}"):
        return 0
    params = {"title": _title(assignment), "classroom": str(assignment.classroom)}
    url = reverse("assignments:assignment_detail", args=[assignment.pk])
    return sum(
        notify(
            recipients=students,
            kind=Kind.ASSIGNMENT_NEW,
            params={**params, "due": due.isoformat()},
            url=url,
        )
        for due, students in students_by_due_date(assignment).items()
    )


def answer_returned_notify(*, response: Response) -> None:
    feedback = getattr(response, "feedback", None)
    score = ""
    if feedback is not None and feedback.score is not None:
        score = f"{feedback.score:g}/{feedback.max_points:g}"
    notify(
        recipients=[response.student],
        kind=Kind.ANSWER_RETURNED,
        params={"title": _title(response.assignment), "score": score},
        url=reverse("assignments:assignment_detail", args=[response.assignment_id]),
    )


def reply_notify(*, reply: Reply) -> None:
    response = reply.response
    if reply.author_id == response.student_id:
        return
    notify(
        recipients=[response.student],
        kind=Kind.REPLY,
        params={
            "title": _title(response.assignment),
            "author_id": reply.author_id,
        },
        url=reverse("assignments:assignment_detail", args=[response.assignment_id]),
    )


def submission_notify(*, response: Response, version: SubmissionVersion) -> None:
    """The class's teachers: one unread line per assignment, counting (late ones
    too); a late one also counts on a second line per assignment, late work only."""
    assignment = response.assignment
    classroom = assignment.classroom
    teachers = [classroom.owner, *classroom.co_teachers.all()]
    lines = [(Kind.SUBMISSIONS, {"late": 1 if version.is_late else 0})]
    if version.is_late:
        # A line of its own as well, so a teacher can hear of late work only (or
        # at once) while new work waits for the daily e-mail.
        lines.append((Kind.LATE_SUBMISSIONS, {}))
    for kind, add in lines:
        notify_grouped(
            recipients=[t for t in teachers if t.is_active],
            kind=kind,
            key=f"{kind}:{assignment.pk}",
            params={"title": _title(assignment), "classroom": str(classroom)},
            url=reverse("assignments:review_table", args=[assignment.pk]),
            add=add,
        )


def assignment_changed_notify(assignment: Assignment, *, by, change: str) -> None:
    """The class's other teachers hear that ``by`` assigned something, moved its
    due date or deleted it (``notifications.kinds.ASSIGNMENT_CHANGES``): one unread
    line per assignment, change and teacher (moving a date three times makes one
    line, with the last date)."""
    if by is None:
        return
    teachers = other_teachers(assignment.classroom, by=by)
    if not teachers:
        return
    url = (
        assignment.classroom.get_absolute_url()
        if change == "assignment_deleted"
        else reverse("assignments:assignment_manage", args=[assignment.pk])
    )
    notify_grouped(
        recipients=teachers,
        kind=Kind.CLASS_CHANGED,
        key=f"{change}:{assignment.pk}:{by.pk}",
        params={
            "classroom": str(assignment.classroom),
            "actor_id": by.pk,
            "change": change,
            "title": _title(assignment),
            "due": assignment.due_at.isoformat(),
        },
        url=url,
        add={},
    )
