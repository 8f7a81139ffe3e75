import pytest
from django.core.management import call_command

from accounts.models import User
from assignments.models import Assignment, SubmissionVersion
from classrooms.models import Classroom, Enrolment


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_its_printed_logins_work(client, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "demo.teacher" in out and "teach-with-sources" in out
    assert User.objects.filter(username__startswith="demo.").count() == 6
    assert Classroom.objects.count() == 1
    assert Enrolment.objects.count() == 4
    # Two lessons of the shipped unit are assigned, and one answer is submitted.
    assert Assignment.objects.count() == 2
    assert SubmissionVersion.objects.count() == 1
    response = client.post(
        "/accounts/sign-in/",
        {"username": "demo.teacher", "password": "teach-with-sources"},
    )
    assert response.status_code == 302
    assert "U.S. History, Period 3" in client.get("/teach/").content.decode()
