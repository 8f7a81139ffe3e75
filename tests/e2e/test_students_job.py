"""Student accounts from pasted names, made by a real worker process: the teacher
watches the job's page (a progress bar that updates itself), then opens the login
cards, which only they can see; the job's page is theirs only (404 for a
co-teacher). A class archived before the worker runs: a clear message and no
account made. axe on each state; screenshots at 1280 and 390 px wide."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from classrooms.models import Classroom
from classrooms.services import classroom_create
from jobs.models import Job
from notifications.models import Kind, Notification
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD
from tests.worker import DATABASE_BACKEND, worker_process

pytestmark = pytest.mark.postgres

NAMES = "\n".join(f"Student{n:02d} Example{n:02d}" for n in range(60))


def _shot(page, name):
    """Screenshots for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        for width, height in [(1280, 800), (390, 844)]:
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(
                path=os.path.join(folder, f"students-job-{name}-{width}.png"),
                full_page=True,
            )
        page.set_viewport_size({"width": 1280, "height": 800})


def _ask_for_accounts(page, classroom):
    page.goto(f"/classes/{classroom.pk}/students/add/")
    page.get_by_label("Paste names").fill(NAMES)
    page.get_by_role("button", name="Create accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Making 60 student accounts"
    )


def test_a_worker_makes_the_accounts_and_only_the_teacher_sees_the_cards(
    page, new_page, live_server, settings, tmp_path, teacher, other_teacher
):
    settings.TASKS = DATABASE_BACKEND
    classroom = classroom_create(owner=teacher, name="U.S. History", section="3")
    classroom.co_teachers.add(other_teacher)
    sign_in(page, live_server.url, teacher.username, PASSWORD)

    # No worker yet: the job waits, with an empty bar; nobody is made.
    _ask_for_accounts(page, classroom)
    expect(page.get_by_role("heading", name="Waiting for a worker")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
    assert classroom.enrolments.count() == 0
    assert_axe_clean(page, "accounts job queued")
    _shot(page, "queued")
    job_url = page.url

    with worker_process(tmp_path):
        expect(page.get_by_role("heading", name="Finished")).to_be_visible(
            timeout=60_000
        )
    expect(page.locator("#job-status")).to_contain_text(
        "60 student accounts were made and put in the class."
    )
    assert classroom.enrolments.count() == 60
    assert_axe_clean(page, "accounts job finished")
    _shot(page, "done")

    # The co-teacher hears of it in one line, not sixty.
    (line,) = Notification.objects.filter(
        recipient=other_teacher, kind=Kind.CLASS_CHANGED
    )
    assert line.params["added"] == 60

    # Someone else (a co-teacher of the same class) gets 404 for the job's page.
    other = new_page()
    sign_in(other, live_server.url, other_teacher.username, PASSWORD)
    assert other.goto(job_url).status == 404

    # The cards, reloaded as often as needed while they are kept.
    page.get_by_role("link", name="Open the login cards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Login cards")
    expect(page.locator(".login-card")).to_have_count(60)
    cards_url = page.url
    page.reload()
    expect(page.locator(".login-card")).to_have_count(60)
    assert_axe_clean(page, "login cards after a job")

    # The co-teacher, with the cards' address: no passwords.
    other.goto(cards_url)
    expect(other.locator(".login-card")).to_have_count(0)
    expect(other.get_by_text("Print the cards")).to_have_count(0)

    # A first sign-in with a card works.
    card = page.locator(".login-card").filter(has_text="Student00 Example00")
    username, password = card.locator(".credential").all_inner_texts()
    assert User.objects.get(username=username).check_password(password)
    # The names left the job's record once the accounts existed.
    job = Job.objects.get(owner=teacher)
    assert job.payload == {}
    assert "Student00" not in str(job.result)  # sealed, not readable from the row


def test_a_class_archived_before_the_worker_runs_gets_no_accounts(
    page, live_server, settings, tmp_path, teacher
):
    settings.TASKS = DATABASE_BACKEND
    classroom = classroom_create(owner=teacher, name="World History", section="B")
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    before = User.objects.count()
    _ask_for_accounts(page, classroom)
    Classroom.objects.filter(pk=classroom.pk).update(archived_at=timezone.now())

    with worker_process(tmp_path):
        expect(page.get_by_role("alert")).to_contain_text(
            "No account was made.", timeout=60_000
        )
    expect(page.get_by_role("heading", name="It did not work")).to_be_visible()
    assert User.objects.count() == before
    assert classroom.enrolments.count() == 0
    assert_axe_clean(page, "accounts job refused")
    _shot(page, "refused")
