"""Making many student accounts at once (pasted names or a CSV file) as a
background job: a worker makes them all or none, the teacher watches the job's
progress bar, then opens the login cards from its page. The cards reach the
teacher sealed (``classrooms.cards``): the worker never keeps a key that opens
them, and the job's page, like every job's, is its starter's only."""

from dataclasses import asdict

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from classrooms.cards import login_cards_reserve, login_cards_seal
from classrooms.events import roster_changed_notify
from classrooms.models import Classroom
from classrooms.permissions import classrooms_managed_by
from classrooms.services import StudentRow, students_bulk_create
from jobs.models import Job
from jobs.runner import JobContext, JobRefused, job_handler
from jobs.services import job_start


def students_added_present(result: dict) -> dict:
    return {
        **result,
        "cards_url": reverse(
            "classrooms:login_cards", args=[result["classroom_id"], result["token"]]
        ),
        "class_url": reverse(
            "classrooms:classroom_detail", args=[result["classroom_id"]]
        ),
    }


@job_handler(
    result_template="classrooms/_students_added_result.html",
    present=students_added_present,
)
def students_bulk_create_job(
    context: JobContext,
    *,
    classroom_id: int,
    teacher_id: int,
    rows: list[dict],
    public_key: str,
    token: str,
) -> dict:
    """Make the accounts (one transaction with the job's "done": all or none),
    seal their cards for the teacher, and tell the class's other teachers."""
    teacher = User.objects.filter(pk=teacher_id, is_active=True).first()
    classroom = (
        classrooms_managed_by(teacher)
        .filter(Q(pk=classroom_id), archived_at__isnull=True)
        .first()
        if teacher is not None
        else None
    )
    if classroom is None:
        raise JobRefused(
            _(
                "This class was archived, or is no longer yours, before the accounts "
                "were made. No account was made."
            )
        )
    total = len(rows)

    def progress(done: int, of: int) -> None:
        context.progress(
            round(90 * done / of) if of else 90,
            _("Making account %(done)d of %(total)d") % {"done": done + 1, "total": of},
        )

    cards = students_bulk_create(
        classroom=classroom,
        rows=[StudentRow(**row) for row in rows],
        progress=progress,
    )
    context.progress(95, _("Preparing the login cards"))
    roster_changed_notify(classroom, by=teacher, added=len(cards))
    # The names leave the job's record with its success (the accounts hold them).
    Job.objects.filter(pk=context.job.pk).update(payload={})
    return {
        "classroom_id": classroom.pk,
        "token": token,
        "count": total,
        "sealed_cards": login_cards_seal(cards, public_key=public_key),
    }


def students_bulk_create_start(
    *, classroom: Classroom, teacher: User, rows: list[StudentRow]
) -> Job:
    """Queue the accounts for a worker; returns the job whose page shows them."""
    token, public_key = login_cards_reserve(classroom=classroom, user=teacher)
    return job_start(
        handler=students_bulk_create_job,
        # No names in the title: jobs are kept a week.
        title=ngettext(
            "Making %(count)d student account",
            "Making %(count)d student accounts",
            len(rows),
        )
        % {"count": len(rows)},
        payload={
            "classroom_id": classroom.pk,
            "teacher_id": teacher.pk,
            "rows": [asdict(row) for row in rows],
            "public_key": public_key,
            "token": token,
        },
        owner=teacher,
        return_url=classroom.get_absolute_url(),
    )
