"""A class teacher's privacy pages: a student's file, and anonymising a student.
Both sit beside the roster; the admin's actions for any person are in admin.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.audit import Kind, audit_record
from classrooms.permissions import get_classroom_for_user_or_404
from jobs.services import job_start
from portal.http import first_message
from privacy.jobs import student_data_export_job
from privacy.permissions import (
    can_anonymise_student,
    classrooms_of_student_not_managed_by,
    get_student_for_user_or_404,
)
from privacy.services import student_anonymise_by_teacher


@never_cache
def student_export(request, pk, student_pk):
    """Everything the portal holds about one student of this class (current or
    removed), as the same zip file an admin's export gives, built by a worker (GET
    explains, POST starts the job). The file holds all of the student's work, so a teacher gets it only when every class the student is
    tied to is theirs; a student shared with another teacher's class is exported by
    an admin (a teacher sees only their own classes)."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    student = get_student_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk
    )
    if classrooms_of_student_not_managed_by(request.user, student).exists():
        messages.error(
            request,
            _(
                "%(name)s is also in another teacher's class, so their file would "
                "show that class's work too: ask the school's admin to export it."
            )
            % {"name": student},
        )
        return redirect(classroom)
    if request.method == "POST":
        audit_record(Kind.EXPORT, target=f"student data, user {student.pk}")
        # A worker builds the file; the job's page (only the teacher who asked
        # sees it) shows its progress and then offers the download.
        job = job_start(
            handler=student_data_export_job,
            # No name in the title: jobs outlive an anonymisation by up to a week.
            title=_("Exporting a student's data"),
            payload={"user_ids": [student.pk]},
            owner=request.user,
            return_url=classroom.get_absolute_url(),
        )
        return redirect(job)
    return render(
        request,
        "privacy/student_export.html",
        {"classroom": classroom, "student": student},
    )


def student_anonymise(request, pk, student_pk):
    """Confirm, then anonymise a student whose classes are all the viewer's; for a
    student shared with another teacher the page says an admin must do it."""
    classroom = get_classroom_for_user_or_404(request.user, pk)
    student = get_student_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk
    )
    if request.method == "POST":
        try:
            student_anonymise_by_teacher(teacher=request.user, student=student)
        except ValidationError as error:
            messages.error(request, first_message(error))
        else:
            # The message names nobody: the name is what was just forgotten.
            messages.success(
                request,
                _(
                    "The student is anonymised and shows as “Former student”. Their "
                    "work stays in the class, so the class's figures are unchanged."
                ),
            )
        return redirect(classroom)
    return render(
        request,
        "privacy/student_anonymise.html",
        {
            "classroom": classroom,
            "student": student,
            "allowed": can_anonymise_student(request.user, student),
        },
    )
