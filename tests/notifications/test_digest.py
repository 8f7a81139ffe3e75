"""The daily e-mail (immediate backend, Django's test outbox): a teacher's
submissions lines wait for it, then go in one mail, once per day."""

from django.core import mail

from notifications.mail import daily_digest_start
from notifications.models import Notification
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.builders import StudentFactory, TeacherFactory


def test_submissions_wait_for_one_daily_mail(
    db, django_capture_on_commit_callbacks, settings
):
    teacher = TeacherFactory(email="tessa@school.test", first_name="Tessa")
    for _n in range(2):  # two assignments: two lines
        assignment = build_assignment(teacher)
        student = StudentFactory()
        enrol(assignment.classroom, student)
        post_answer(student, assignment)
    waiting = Notification.objects.filter(recipient=teacher, email_status="daily")
    assert waiting.count() == 2
    assert mail.outbox == []

    settings.PORTAL_DIGEST_HOUR = 0  # the hour has come
    with django_capture_on_commit_callbacks(execute=True):
        daily_digest_start()
    with django_capture_on_commit_callbacks(execute=True):
        daily_digest_start()  # another worker, ten minutes later: same day, no mail
    (message,) = mail.outbox
    assert message.to == ["tessa@school.test"]
    assert message.subject == "[Sources & Voices] Your daily summary"
    assert message.body.count("1 new submission to “Aid and alliance”") == 2
    assert "Stop this daily e-mail" in message.body
    assert "unsubscribe" in message.extra_headers["List-Unsubscribe"]
    assert not waiting.exists()
