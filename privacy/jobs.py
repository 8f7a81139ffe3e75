"""The student-data export as a background job (jobs app): a worker builds the
file, the person who asked (a class teacher or an admin) downloads it from the
job's page. Only they see the job (jobs.permissions)."""

from django.utils.translation import gettext as _

from accounts.models import User
from jobs.runner import JobContext, JobRefused, job_handler
from jobs.services import job_files_result
from privacy.services import student_data_export, student_data_filename


@job_handler
def student_data_export_job(context: JobContext, *, user_ids: list[int]) -> dict:
    """One person: their file. Several: a zip holding one file per person. Who may
    export whom was checked when the job was started (privacy.views / admin)."""
    users = list(User.objects.filter(pk__in=user_ids).order_by("username", "pk"))
    if not users:
        raise JobRefused(_("Those people are no longer on this portal."))
    files = []
    for done, user in enumerate(users):
        context.progress(
            round(100 * done / len(users)),
            _("Collecting %(done)d of %(total)d")
            % {"done": done + 1, "total": len(users)},
        )
        files.append((student_data_filename(user), student_data_export(user=user)))
    file = job_files_result(files=files, bundle_name="student-data.zip")
    return {"file": file, "people": len(files)}
