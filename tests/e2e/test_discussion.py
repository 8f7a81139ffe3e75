"""The discussion and the teacher's assignment pages in a real browser."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Assignment, Reply
from assignments.services import answers
from classrooms.services import classroom_create
from lessons.services import unit_publish
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory


def test_teacher_assigns_from_the_lesson_editor_then_changes_and_closes(
    page, live_server, teacher
):
    first = build_assignment(teacher, prompts=1)
    lesson = first.lesson
    unit_publish(unit=lesson.unit)
    classroom_create(owner=teacher, name="World History", section="P4")

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('lessons:lesson_editor', args=[lesson.pk])}")
    page.get_by_role("link", name="Assign to classes").click()
    expect(page.get_by_label("Lesson")).to_have_value(str(lesson.pk))
    assert_axe_clean(page, "assignment create")
    page.get_by_label("World History (P4)").check()
    due = timezone.localtime() + timedelta(days=5)
    page.get_by_label("Due").fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Assign").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    expect(page.get_by_text("World History (P4)").first).to_be_visible()
    created = Assignment.objects.get(lesson=lesson, classroom__name="World History")
    assert_axe_clean(page, "assignment manage")

    page.get_by_role("link", name="Change dates and rules").click()
    assert_axe_clean(page, "assignment edit")
    page.get_by_label("Accept late work").uncheck()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The assignment is updated.")).to_be_visible()

    page.get_by_role("link", name="Points per question").click()
    page.get_by_label("Question 1").fill("20")
    assert_axe_clean(page, "points per question")
    page.get_by_role("button", name="Save points").click()
    expect(
        page.get_by_text("Points saved: the assignment is worth 20.")
    ).to_be_visible()
    page.get_by_role("button", name="Close to submissions").click()
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    created.refresh_from_db()
    assert created.points == 20 and created.is_closed
    assert not created.late_work_allowed


def _post(student, assignment, text):
    response = answers.response_get_or_create(
        assignment=assignment, prompt=assignment.lesson.prompts.get(), student=student
    )
    answers.response_draft_save(response=response, text=text, revision=1)
    answers.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.order_by("order").first().excerpt,
        paragraph=2,
        quotation="deems vital",
    )
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())


def test_student_posts_reads_classmates_and_replies_and_teacher_hides_a_reply(
    page, new_page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    ada = enrol(
        assignment.classroom, StudentFactory(first_name="Ada", last_name="Lovelace")
    )
    _post(ada, assignment, "Aid was about American security.")

    sign_in(page, live_server.url, student.username, PASSWORD)
    page.get_by_role("link", name="Aid and alliance").click()
    expect(
        page.get_by_text("Submit your answer to see your classmates")
    ).to_be_visible()
    page.get_by_label("Your answer to question 1").fill("Lend-Lease armed allies.")
    page.get_by_text("Add a quotation by hand").click()
    page.get_by_label("Paragraph number (¶)").fill("1")
    page.get_by_label("The words you quote, copied from that paragraph").fill(
        "lend or lease"
    )
    page.get_by_role("button", name="Add quotation").click()
    expect(
        page.get_by_text("The quotation was added to your evidence.")
    ).to_be_visible()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text("Your answer is submitted (version 1).")).to_be_visible()

    page.get_by_role("link", name="Classmates' answers (1)").click()
    expect(page.get_by_role("heading", name="Ada L.")).to_be_visible()
    expect(page.get_by_text("Lovelace")).to_have_count(0)
    expect(page.locator(f"#answer-{ada.responses.get().pk}")).to_contain_text(
        "“deems vital”"
    )
    assert_axe_clean(page, "discussion (student)")
    expect(page.locator("textarea:visible")).to_have_count(0)
    page.get_by_role("link", name="Reply to Ada L.").click()
    expect(page.get_by_label("Reply to Ada L.")).to_be_focused()
    assert_axe_clean(page, "discussion (student), reply box open")
    page.get_by_label("Reply to Ada L.").fill("Security and *friendship*, both.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    reply = Reply.objects.get(author=student)
    # Markdown renders in the reply as it does in answers.
    expect(page.locator(f"#reply-{reply.pk} em")).to_have_text("friendship")

    teacher_tab = new_page()
    sign_in(teacher_tab, live_server.url, teacher.username, PASSWORD)
    teacher_tab.goto(f"{live_server.url}{page.url.split(live_server.url)[1]}")
    expect(teacher_tab.locator(f"#reply-{reply.pk}")).to_contain_text(
        "Security and friendship, both."
    )
    expect(teacher_tab.get_by_role("link", name="Reply to Ada L.")).to_have_count(0)
    assert_axe_clean(teacher_tab, "discussion (teacher)")
    teacher_tab.locator(f"#reply-{reply.pk}").get_by_role(
        "button", name="Hide from students"
    ).click()
    expect(teacher_tab.locator(f"#reply-{reply.pk}")).to_contain_text(
        "hidden from students"
    )

    page.reload()
    expect(page.locator(f"#reply-{reply.pk}")).to_have_count(0)


def test_a_long_discussion_comes_a_page_at_a_time(page, live_server, teacher):
    """60 answers, 25 a page: a reply on page 3 lands back on page 3 at the reply;
    axe at a laptop's and a phone's width."""
    assignment = build_assignment(teacher, prompts=1, discussion_visibility="always")
    prompt = assignment.lesson.prompts.get()
    me = enrol(assignment.classroom, StudentFactory(first_name="Mo", last_name="Me"))
    for n in range(60):
        student = enrol(
            assignment.classroom, StudentFactory(first_name=f"S{n}", last_name="X")
        )
        response = answers.response_get_or_create(
            assignment=assignment, prompt=prompt, student=student
        )
        answers.response_draft_save(response=response, text=f"Answer {n}.", revision=1)
        answers.citation_add(
            response=response,
            excerpt=assignment.lesson.lesson_excerpts.first().excerpt,
            paragraph=1,
            quotation="lend or lease",
        )
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    sign_in(page, live_server.url, me.username, PASSWORD)
    url = reverse("assignments:discussion", args=[assignment.pk, prompt.pk])
    page.goto(f"{live_server.url}{url}")
    expect(page.get_by_text("Answers 1–25 of 60, oldest first.")).to_be_visible()
    assert_axe_clean(page, "discussion, page 1")
    pager = page.get_by_role("navigation", name="Pages of answers")
    pager.get_by_role("link", name="3").click()
    expect(page.get_by_text("Answers 51–60 of 60, oldest first.")).to_be_visible()
    # 25 answers, 25 "Reply to …" links and no reply box until one is asked for;
    # opening a second closes the first, keeping its words for when it reopens.
    expect(page.get_by_role("link", name="Reply to S50 X.")).to_be_visible()
    expect(page.locator("textarea:visible")).to_have_count(0)
    page.get_by_role("link", name="Reply to S54 X.").click()
    page.get_by_label("Reply to S54 X.").fill("Half a thought")
    page.get_by_role("link", name="Reply to S55 X.").click()
    expect(page.locator("textarea:visible")).to_have_count(1)
    expect(page.get_by_label("Reply to S55 X.")).to_be_focused()
    page.keyboard.type("Good point about the **Act**.")
    page.get_by_role("link", name="Reply to S54 X.").click()
    expect(page.get_by_label("Reply to S54 X.")).to_have_value("Half a thought")
    page.get_by_role("link", name="Reply to S55 X.").click()
    expect(page.get_by_label("Reply to S55 X.")).to_have_value(
        "Good point about the **Act**."
    )
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    expect(page.get_by_text("Answers 51–60 of 60, oldest first.")).to_be_visible()
    reply = Reply.objects.get(text="Good point about the **Act**.")
    expect(page.locator(f"#reply-{reply.pk}")).to_be_in_viewport()
    _shot(page, "paged-3-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_axe_clean(page, "discussion, page 3, phone")
    _shot(page, "paged-3-390")
    # A refused (empty) reply stays on its page, the reason beside the box.
    page.get_by_role("link", name="Reply to S56 X.").click()
    posts = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Answers 51–60 of 60, oldest first.")).to_be_visible()
    refused = page.get_by_label("Reply to S56 X.")
    expect(refused).to_have_attribute("aria-invalid", "true")
    expect(refused).to_be_focused()
    expect(refused).to_be_in_viewport()
    expect(page.get_by_role("alert")).to_have_text("Write your reply first.")
    assert_axe_clean(page, "discussion, refused reply, phone")
    assert _no_sideways_scroll(page)
    _shot(page, "refused-390")
    # A reload sends nothing again (the refusal came through a redirect).
    assert len(posts) == 1
    page.reload()
    expect(page.get_by_text("Answers 51–60 of 60, oldest first.")).to_be_visible()
    assert len(posts) == 1


def test_without_javascript_a_link_opens_the_reply_box(chromium, live_server, teacher):
    assignment = build_assignment(teacher, prompts=1, discussion_visibility="always")
    ada = enrol(
        assignment.classroom, StudentFactory(first_name="Ada", last_name="Lovelace")
    )
    _post(ada, assignment, "Aid was about *American* security.")
    me = enrol(assignment.classroom, StudentFactory(first_name="Mo", last_name="Me"))
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, me.username, PASSWORD)
        prompt = assignment.lesson.prompts.get()
        page.goto(reverse("assignments:discussion", args=[assignment.pk, prompt.pk]))
        expect(page.locator(".discussion-text em")).to_have_text("American")
        expect(page.locator("textarea:visible")).to_have_count(0)
        page.get_by_role("link", name="Reply to Ada L.").click()
        expect(page.locator("textarea:visible")).to_have_count(1)
        page.get_by_label("Reply to Ada L.").fill("Security *first*.")
        page.get_by_role("button", name="Post reply").click()
        expect(page.get_by_text("Your reply is posted.")).to_be_visible()
        expect(page.locator(".reply em")).to_have_text("first")
    finally:
        context.close()


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _shot(page, name):
    """A screenshot for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    import os

    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"discussion-{name}.png"))
