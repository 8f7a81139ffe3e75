"""A job's page: its progress while it runs (htmx asks again every second), then
its result or a clear failure message. The page is the job's own address, so a
reload (or coming back later) shows where it is."""

from django.shortcuts import render
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
