"""A job's page: its progress while it runs (htmx asks again every second), then
its result or a clear failure message. The page is the job's own address, so a
reload (or coming back later) shows where it is."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jobs.permissions import get_job_for_user_or_404
from jobs.runner import handler_load


@never_cache
def job_detail(request, pk):
    job = get_job_for_user_or_404(request.user, pk)
    result_template, result = "", {}
    if job.status == job.Status.DONE:
        _func, info = handler_load(job.handler)
        result_template = info.result_template
        result = info.present(job.result or {}) if info.present else job.result
    context = {"job": job, "result_template": result_template, "result": result}
    template = "jobs/job_detail.html"
    if request.htmx:
        template += "#job-status"
    return render(request, template, context)


@never_cache
def job_file(request, pk):
    """The file a finished job made (an export), for the person who started it.
    Files are kept for a while only: once gone, back to the job's page saying so."""
    job = get_job_for_user_or_404(request.user, pk)
    file = (job.result or {}).get("file") if job.status == job.Status.DONE else None
    if not file or not default_storage.exists(file["storage_name"]):
        messages.warning(request, _("That file is no longer kept; start it again."))
        return redirect(job)
    return FileResponse(
        default_storage.open(file["storage_name"], "rb"),
        as_attachment=True,
        filename=file["filename"],
        content_type=file.get("content_type", "application/octet-stream"),
    )
