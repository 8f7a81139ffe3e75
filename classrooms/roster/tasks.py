"""The OneRoster import as a background job (jobs app): a worker runs it while the
admin's page shows its progress; with the immediate backend it runs after the
request's transaction. A worker killed half-way has the job queued again (the
lease), and an unexpected error is retried with back-off: applying is idempotent
by sourcedId, so running an import again changes only what is still to change."""

from classrooms.roster.run import roster_import_execute
from jobs.runner import JobContext, job_handler


# atomic=False: the import keeps its own record (status, report) and transaction.
@job_handler(atomic=False)
def roster_import_job(context: JobContext, *, import_id: int) -> dict:
    report = roster_import_execute(import_id=import_id)
    return report.counts()
