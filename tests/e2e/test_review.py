"""Teacher review in a real browser: grade two students one after the other, use a
saved comment, return both; a student then reads the score and comment."""

import os
import uuid

from django.urls import reverse
from playwright.sync_api import expect

from assignments.models import Feedback, Response, Rubric
from assignments.services import answers
from assignments.services.assignments import assignment_rubric_set
from assignments.services.rubrics import rubric_create
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory

BANKED = "Quote the words, then say what they show."


def _shot(page, name):
    """Screenshots at a laptop's and a phone's width, when PORTAL_SCREENSHOT_DIR is
    set, for a person to look at."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if not folder:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=os.path.join(folder, f"review-{name}-{width}.png"), full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def _post(student, assignment, text):
    response = answers.response_get_or_create(
        assignment=assignment, prompt=assignment.lesson.prompts.get(), student=student
    )
    answers.response_draft_save(response=response, text=text, revision=1)
    answers.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.order_by("order").first().excerpt,
        paragraph=1,
        quotation="lend or lease",
    )
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    return response


def test_teacher_grades_two_students_and_a_student_reads_the_feedback(
    page, new_page, live_server, teacher
):
    assignment = build_assignment(teacher, prompts=1, points=10)
    adams = enrol(
        assignment.classroom, StudentFactory(first_name="Ada", last_name="Adams")
    )
    brown = enrol(
        assignment.classroom, StudentFactory(first_name="Bo", last_name="Brown")
    )
    enrol(assignment.classroom, StudentFactory(first_name="Cy", last_name="Cole"))
    _post(adams, assignment, "The Act let the President lend or lease aid.")
    _post(brown, assignment, "Aid went to allies.")
    prompt = assignment.lesson.prompts.get()

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator(".student-progress")).to_contain_text(
        "2 of 3 students submitted"
    )
    assert_axe_clean(page, "teacher home")
    _shot(page, "home")

    page.get_by_role("link", name="Aid and alliance").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review: Aid and alliance"
    )
    expect(page.locator("progress")).to_have_attribute("value", "2")
    assert_axe_clean(page, "review table")
    _shot(page, "table")
    # Filter without JavaScript's help: a plain GET form.
    page.get_by_label("Show", exact=True).select_option("needs_review")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="Cole, Cy")).to_have_count(0)
    expect(page.get_by_role("link", name="Adams, Ada")).to_be_visible()

    # Ada: evidence marked in its paragraph; score, comment, keep the comment.
    page.get_by_role("link", name="Adams, Ada").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Adams")
    expect(page.locator(".cited-paragraph mark")).to_have_text("lend or lease")
    assert_axe_clean(page, "grading view")
    _shot(page, "grading")
    page.get_by_label("Score for question 1 (out of 10)").fill("8")
    page.get_by_label("Comment on question 1").fill(BANKED)
    page.get_by_role("button", name="Save this comment to my bank").click()
    expect(page.get_by_text("The comment is in your bank.")).to_be_visible()
    expect(page.get_by_label("Comment on question 1")).to_have_value(BANKED)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Feedback saved for Ada Adams.")).to_be_visible()
    page.get_by_role("link", name="Next student").click()

    # Bo: the saved comment goes in with the Use button.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bo Brown")
    page.get_by_label("Saved comments for question 1").select_option(label=BANKED)
    page.get_by_role("button", name="Use in the comment on question 1").click()
    expect(page.get_by_label("Comment on question 1")).to_have_value(BANKED)
    page.get_by_label("Score for question 1 (out of 10)").fill("6.5")
    page.get_by_role("button", name="Return to the student").click()
    expect(
        page.get_by_text("Feedback saved and 1 answer returned to Bo Brown.")
    ).to_be_visible()

    # Back to Ada with Previous: her feedback was saved; return it too.
    page.get_by_role("link", name="Previous student").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Adams")
    expect(page.get_by_label("Score for question 1 (out of 10)")).to_have_value("8.0")
    page.get_by_role("button", name="Return to the student").click()
    expect(
        page.get_by_text("Returned: the student sees this feedback.")
    ).to_be_visible()
    assert set(
        Response.objects.filter(status=Response.Status.RETURNED).values_list(
            "student__last_name", flat=True
        )
    ) == {"Adams", "Brown"}
    assert Feedback.objects.get(response__student=brown).comment == BANKED

    page.get_by_role("link", name="Citation map").click()
    expect(page.locator(".map-para.cite-4")).to_contain_text("2 students")
    assert_axe_clean(page, "citation map")
    _shot(page, "map")

    page.get_by_role("link", name="Class gradebook").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gradebook")
    expect(page.get_by_role("row", name="Adams, Ada")).to_contain_text("8")
    assert_axe_clean(page, "gradebook")
    _shot(page, "gradebook")

    page.get_by_role("link", name="Skills").first.click()
    expect(page.get_by_role("row", name="Open")).to_contain_text("73%")  # 14.5/20
    assert_axe_clean(page, "skill report")

    # A rubric tagged with skills, then its fields on the grading view.
    page.goto(f"{live_server.url}{reverse('assignments:rubric_create')}")
    assert_axe_clean(page, "new rubric")
    page.get_by_label("Rubric title").fill("Evidence")
    page.locator("#id_criteria-0-title").fill("Quotes the source")
    page.locator("#id_criteria-0-skill").select_option("sourcing")
    page.get_by_role("button", name="Save rubric").click()
    expect(page.get_by_text("Quotes the source")).to_be_visible()
    assert_axe_clean(page, "rubrics and saved comments")
    page.goto(
        f"{live_server.url}{reverse('assignments:review_table', args=[assignment.pk])}"
    )
    page.get_by_label("Score each answer against").select_option(label="Evidence")
    page.get_by_role("button", name="Use this rubric").click()
    page.get_by_role("link", name="Adams, Ada").click()
    expect(page.get_by_label("Quotes the source (Sourcing, 0–3)")).to_be_visible()
    assert_axe_clean(page, "grading view with a rubric")

    # The student reads the score and the comment.
    tab = new_page()
    errors = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    sign_in(tab, live_server.url, adams.username, PASSWORD)
    expect(tab.get_by_text("score 8 of 10")).to_be_visible()
    assert_axe_clean(tab, "to-do list with a returned assignment")
    tab.get_by_role("link", name="Aid and alliance").click()
    feedback = tab.locator(f"form[data-prompt='{prompt.pk}'] .teacher-feedback")
    expect(feedback).to_contain_text("Score: 8 out of 10")
    expect(feedback).to_contain_text(BANKED)
    assert_axe_clean(tab, "assignment page with feedback")
    assert errors == []


def test_teacher_changes_a_rubric_and_cannot_delete_it_while_in_use(
    page, live_server, teacher
):
    rubric = rubric_create(
        owner=teacher,
        title="Evidence",
        criteria=[{"title": "Uses the source", "skill": "sourcing", "points": 4}],
    )
    assignment = build_assignment(teacher, prompts=1)
    assignment_rubric_set(assignment=assignment, rubric=rubric)

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('assignments:rubric_list')}")
    page.get_by_role("link", name="Change “Evidence”").click()
    expect(page.get_by_label("Rubric title")).to_have_value("Evidence")
    assert_axe_clean(page, "rubric edit")
    page.get_by_label("Rubric title").fill("Evidence and sourcing")
    page.get_by_role("button", name="Save rubric").click()
    expect(page.get_by_text("The rubric is changed.")).to_be_visible()

    page.get_by_role("link", name="Delete “Evidence and sourcing”").click()
    assert_axe_clean(page, "rubric delete")
    page.get_by_role("button", name="Delete the rubric").click()
    expect(page.get_by_text("This rubric is used by Aid and alliance")).to_be_visible()
    assert Rubric.objects.filter(pk=rubric.pk).exists()


def test_a_class_of_120_is_reviewed_a_page_at_a_time(page, live_server, teacher):
    """The review table of a large class in pages of 50: the pager is links (no
    JavaScript), reachable by keyboard, keeps the filter, and passes axe at a
    laptop's and a phone's width."""
    from tests.assignments.conftest import bulk_class

    assignment = build_assignment(teacher, prompts=3)
    bulk_class(assignment, 120)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    url = reverse("assignments:review_table", args=[assignment.pk])
    page.goto(f"{live_server.url}{url}?sort=words")
    expect(page.locator(".review-table caption")).to_contain_text(
        "120 students shown (1–50 on this page)"
    )
    expect(page.locator(".review-table tbody tr")).to_have_count(50)
    pager = page.get_by_role("navigation", name="Pages of the review table")
    assert_axe_clean(page, "review table, page 1")
    _shot(page, "paged-1")
    pager.get_by_role("link", name="Next").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".review-table caption")).to_contain_text("51–100")
    expect(page).to_have_url(f"{live_server.url}{url}?sort=words&page=2")
    expect(pager.locator('[aria-current="page"]')).to_have_text("2")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_axe_clean(page, "review table, page 2, phone")
    _shot(page, "paged-2")
