import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from assignments.models import Assignment, SubmissionVersion
from classrooms.models import Classroom, Enrolment


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_its_printed_logins_work(client, capsys, settings):
    settings.DEBUG = True  # as ./dev run
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


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_told(settings):
    """On a server the demo admin's published password would open the admin."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="load_alliance_sources"):
        call_command("seed_demo", "--quiet-logins")
    assert not User.objects.filter(username__startswith="demo.").exists()
    call_command("seed_demo", "--quiet-logins", "--i-know-this-creates-demo-accounts")
    assert User.objects.filter(username="demo.admin", is_staff=True).exists()
