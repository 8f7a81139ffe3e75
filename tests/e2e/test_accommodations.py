"""Accommodations in a real browser: the teacher gives a student two extra days and
the adapted wording first from the roster (a refused number on the way); the
student's to-do list and assignment page follow (axe on each page and state)."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import SubmissionVersion
from tests.assignments.conftest import adapted_first_excerpt, build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def test_teacher_gives_extended_time_and_the_student_sees_their_own_date(
    page, new_page, live_server, teacher, student
):
    now = timezone.now()
    assignment = build_assignment(
        teacher,
        prompts=1,
        available_from=now - timedelta(days=4),
        due_at=now - timedelta(days=1),
    )
    enrol(assignment.classroom, student)
    adapted_first_excerpt(assignment)

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(assignment.classroom.get_absolute_url())
    page.locator("summary", has_text="Actions").filter(has_text="Sam").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Accommodations").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accommodations for Sam Student"
    )
    assert_axe_clean(page, "accommodations")

    page.get_by_label("Extended time, in days").fill("31")
    page.get_by_role("button", name="Save accommodations").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("#id_extra_days_error")).to_contain_text("30")
    assert_axe_clean(page, "accommodations refused")

    page.get_by_label("Extended time, in days").fill("2")
    page.get_by_label("Version their reading opens on").select_option("adapted")
    page.get_by_role("button", name="Save accommodations").click()
    expect(page.get_by_role("status")).to_contain_text("Accommodations saved")
    expect(page.get_by_role("row").filter(has_text="Sam")).to_contain_text("+2 days")

    kid = new_page()
    sign_in(kid, live_server.url, student.username, PASSWORD)
    expect(kid.get_by_role("heading", level=1)).to_have_text("To do")
    expect(kid.get_by_text("Overdue")).to_have_count(0)
    expect(kid.locator(".todo-item")).to_contain_text("extended time")
    assert_axe_clean(kid, "to-do list with extended time")
    kid.get_by_role("link", name=assignment.lesson.title).click()
    expect(kid.get_by_text("your own date: 2 extra days")).to_be_visible()
    expect(kid.get_by_text("past due")).to_have_count(0)
    toggle = kid.locator("[data-adapted-toggle]").first
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(kid.get_by_text("The President can lend weapons.")).to_be_visible()
    assert_axe_clean(kid, "assignment page, adapted first")

    # A day after the class's due date, inside their own: submitted, not late.
    prompt = assignment.lesson.prompts.get()
    form = kid.locator(f"#answer-{prompt.pk}-form")
    form.get_by_label("Your answer to question 1").fill("Aid came first.")
    form.get_by_text("Add a quotation by hand", exact=True).click()
    form.get_by_label("Paragraph number (¶)").fill("1")
    form.get_by_label("The words you quote, copied from that paragraph").fill(
        "lend or lease"
    )
    form.get_by_role("button", name="Add quotation").click()
    expect(kid.get_by_text("The quotation was added to your evidence.")).to_be_visible()
    form.get_by_role("button", name="Submit answer").click()
    expect(kid.get_by_text("Your answer is submitted (version 1).")).to_be_visible()
    expect(kid.get_by_text("after the due time: marked late")).to_have_count(0)
    assert not SubmissionVersion.objects.get(response__student=student).is_late

    # The teacher's gradebook shows the student's own date.
    page.goto(f"/assignments/classes/{assignment.classroom_id}/gradebook/")
    row = page.get_by_role("row").filter(has_text="Student, Sam")
    expect(row).to_contain_text("own due date")
    assert_axe_clean(page, "gradebook with an own due date")


def test_teacher_gives_one_student_a_date_of_their_own_on_one_assignment(
    page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(
        f"/classes/{assignment.classroom_id}/students/{student.pk}/accommodations/"
    )
    page.get_by_label("Extended time, as a share of the time given (percent)").fill(
        "50"
    )
    page.get_by_label("Offer read-aloud from the start").check()
    assert_axe_clean(page, "accommodations with every field")
    page.get_by_role("link", name="A due date of their own on one assignment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Due dates for Sam Student"
    )
    assert_axe_clean(page, "a student's own due dates")
    later = timezone.localtime(assignment.due_at + timedelta(days=3))
    page.get_by_label("Their own due date").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save date").click()
    expect(page.get_by_role("status")).to_contain_text("has their own due date")
    expect(page.get_by_role("row").filter(has_text="(own date)")).to_be_visible()
    assert_axe_clean(page, "a student's own due date set")
    page.get_by_role("button", name="Remove own date").click()
    expect(page.get_by_text("Same as the class")).to_be_visible()
