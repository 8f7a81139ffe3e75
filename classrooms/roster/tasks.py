"""The OneRoster import as a task (Django's tasks framework): with the immediate
backend it runs inside the request; with a worker backend, in the worker, while
the admin's page shows its progress."""

from django.tasks import task

from classrooms.roster.run import roster_import_execute


@task
def roster_import_task(import_id: int) -> dict:
    report = roster_import_execute(import_id=import_id)
    return report.counts()
