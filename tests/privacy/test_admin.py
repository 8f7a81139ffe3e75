"""The admin's privacy actions on the user list."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jobs.models import Job


@pytest.fixture
def classwork(teacher, classwork_build):
    return classwork_build(teacher, replies_both_ways=True)


def test_admin_exports_anonymises_and_deletes_from_the_user_list(
    client, staff, classwork, django_capture_on_commit_callbacks
):
    assignment, (student, other) = classwork
    client.force_login(staff)
    url = reverse("admin:accounts_user_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            url, {"action": "export_student_data", "_selected_action": [student.pk]}
        )
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()
    assert job.owner == staff and job.title == "Exporting the data of 1 person"
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download["Content-Disposition"].endswith('student-data-qz.zip"')

    confirm = client.post(
        url, {"action": "anonymise_accounts", "_selected_action": [student.pk]}
    )
    assert "Anonymise these accounts?" in confirm.content.decode()
    student.refresh_from_db()
    assert student.username == "qz"  # nothing happens before confirming
    client.post(
        url,
        {
            "action": "anonymise_accounts",
            "_selected_action": [student.pk],
            "confirm": "yes",
        },
    )
    student.refresh_from_db()
    assert student.username == f"former-user-{student.pk}"

    client.post(
        url,
        {
            "action": "delete_with_data",
            "_selected_action": [other.pk],
            "confirm": "yes",
        },
    )
    assert not get_user_model().objects.filter(pk=other.pk).exists()
