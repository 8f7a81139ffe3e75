"""E-mail through a real worker process and a real SMTP server (aiosmtpd on the
loopback): a teacher returns an answer, the worker delivers exactly one mail with
a text and an HTML body and a working one-click unsubscribe link; a worker killed
in the middle of sending is replaced, and the student still gets exactly one."""

import time
from urllib.parse import urlsplit

import pytest
from django.core import mail

from assignments.services.feedback import feedback_return
from jobs.models import Job
from notifications.models import EmailMode, Notification, NotificationPreference
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.builders import StudentFactory
from tests.smtp import smtp_server
from tests.worker import DATABASE_BACKEND, wait_for, worker_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def returned(teacher):
    """A student with an address whose answer the teacher has just returned."""
    student = StudentFactory(
        first_name="Sam", last_name="Student", email="sam@school.test"
    )
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)  # after assigning: no announcement mail
    response = post_answer(student, assignment)
    feedback_return(responses=[response])
    return student


def all_sent() -> bool:
    return (
        not Job.objects.exclude(status__in=["done", "failed"]).exists()
        and not Notification.objects.exclude(
            email_status__in=[Notification.Email.NONE, Notification.Email.SENT]
        ).exists()
    )


def test_a_returned_answer_is_mailed_once_by_the_worker(client, returned, tmp_path):
    # Nothing was sent in the request: the mail waits for a worker.
    assert mail.outbox == []
    with smtp_server() as smtp, worker_process(tmp_path, **smtp.environment()):
        wait_for(lambda: smtp.inbox.messages, what="the mail")
        wait_for(all_sent, what="the job to finish")
        time.sleep(1)  # nothing more arrives
    (message,) = smtp.inbox.messages
    assert smtp.inbox.recipients == [["sam@school.test"]]
    assert message["Subject"] == "[Sources & Voices] Returned: Aid and alliance"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Your answer to “Aid and alliance” was returned." in text
    assert "Your answer to “Aid and alliance” was returned." in html
    assert "<a href=" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The one-click unsubscribe, as a mail program does it: a POST, signed out.
    link = message["List-Unsubscribe"].strip("<>")
    assert link in text
    client.logout()
    response = client.post(urlsplit(link).path)
    assert response.status_code == 200
    assert (
        NotificationPreference.objects.get(user=returned, kind="answer_returned").email
        == EmailMode.OFF
    )


def test_a_worker_killed_while_sending_is_replaced_and_one_mail_arrives(
    returned, tmp_path
):
    with smtp_server(stall_first=True) as smtp:
        env = {
            **smtp.environment(),
            "PORTAL_JOB_LEASE_SECONDS": "1.5",
            "EMAIL_TIMEOUT": "60",
        }
        with worker_process(tmp_path, **env) as first:
            wait_for(smtp.inbox.stalled.is_set, what="the worker to start sending")
            first.kill()
        smtp.release()
        assert smtp.inbox.messages == []
        assert Notification.objects.get(recipient=returned).email_status == "sending"

        with worker_process(tmp_path, **env) as second:
            wait_for(lambda: smtp.inbox.messages, seconds=40, what="the mail")
            wait_for(all_sent, what="the job to finish")
            time.sleep(1)
            assert "queued again 1 job(s) whose worker stopped" in second.output()
    assert len(smtp.inbox.messages) == 1
    assert Notification.objects.get(recipient=returned).email_status == "sent"
