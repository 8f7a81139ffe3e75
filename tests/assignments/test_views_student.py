"""The student's pages: the assignment and its answer form (one view per
button), and the discussion with its replies."""

import re
import uuid
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from assignments.models import Citation, Reply, Response, SubmissionVersion
from classrooms.models import Enrolment
from classrooms.services import enrolment_remove
from tests.assignments.conftest import (
    build_assignment,
    build_past_due,
    enrol,
    post_answer,
    prompt_of,
    return_for_revision,
)
from tests.builders import StudentFactory


def _urls(assignment, prompt=None):
    """The assignment page and its answer form's views (one per button), the
    page's fetch() endpoints and the prompt's discussion."""
    args = [assignment.pk, (prompt or prompt_of(assignment)).pk]
    return {
        "page": reverse("assignments:assignment_detail", args=[assignment.pk]),
        "save": reverse("assignments:response_save", args=args),
        "submit": reverse("assignments:response_submit", args=args),
        "cite_by_hand": reverse("assignments:response_cite", args=args),
        "remove": reverse("assignments:citation_remove", args=args),
        "autosave": reverse("assignments:response_autosave", args=args),
        "cite": reverse("assignments:citation_create", args=args),
        "discussion": reverse("assignments:discussion", args=args),
    }


def _page_revision(client, assignment) -> int:
    """The revision the answer form carries, read from the page as a browser would."""
    html = client.get(_urls(assignment)["page"]).content.decode()
    return int(re.search(r'name="revision" value="(\d+)"', html).group(1))


def _refused(client, url, data, *, anchor):
    """Post a button's form as a browser without JavaScript does: a redirect back
    to the page at ``anchor`` (the message), then the page itself."""
    posted = client.post(url, data)
    assert posted.status_code == 302
    assert posted["Location"].endswith(f"#{anchor}")
    page = client.get(posted["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="{anchor}"' in html
    return html


def test_the_todo_list_and_the_assignment_page_write_times_one_way_with_the_zone(
    client, teacher, student
):
    due = datetime(2030, 12, 4, 4, 59, tzinfo=UTC)  # Tue 3 Dec, 11:59 p.m. in New York
    assignment = build_assignment(teacher, due_at=due)
    enrol(assignment.classroom, student)
    client.force_login(student)
    shown = (
        '<time datetime="2030-12-03T23:59:00-05:00">Tue 3 Dec, 11:59 p.m. EST</time>'
    )
    todo = client.get(reverse("student_todo")).content.decode()
    assert f"due {shown}" in todo
    page = client.get(_urls(assignment)["page"]).content.decode()
    assert shown in page
    post_answer(student, assignment)
    page = client.get(_urls(assignment)["page"]).content.decode()
    assert re.search(
        r"Submitted · version 1</span> <span><time datetime=[^>]+>"
        r"\w{3} \d{1,2} \w{3}, \d{1,2}:\d\d [ap]\.m\. E[SD]T</time>",
        page,
    )


def test_student_of_another_class_gets_404_everywhere(client, teacher, assignment):
    outsider = StudentFactory()
    enrol(build_assignment(teacher).classroom, outsider)
    classmate = enrol(assignment.classroom)
    answer = post_answer(classmate, assignment, "Classmate's words.")
    client.force_login(outsider)
    urls = _urls(assignment, prompt_of(assignment))
    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["discussion"]).status_code == 404
    assert client.post(urls["save"], {"text": "x"}).status_code == 404
    saved = client.post(urls["autosave"], {"text": "x", "revision": 5})
    assert saved.status_code == 404 and saved.json()["error"] == "not_found"
    assert client.post(urls["cite"], {"excerpt": 1, "paragraph": 1}).status_code == 404
    reply_url = reverse("assignments:reply_create", args=[answer.pk])
    assert client.post(reply_url, {"text": "hi"}).status_code == 404
    assert not Response.objects.filter(student=outsider).exists()


def test_removed_student_loses_access(client, assignment, student):
    enrolment_remove(enrolment=Enrolment.objects.get(student=student))
    client.force_login(student)
    assert (
        client.get(_urls(assignment, prompt_of(assignment))["page"]).status_code == 404
    )


def test_form_without_javascript_saves_cites_and_submits_once(
    student_client, student, assignment
):
    urls = _urls(assignment, prompt_of(assignment))
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    cited = student_client.post(
        urls["cite_by_hand"],
        {
            "text": "Draft\x00 kept",
            "excerpt": excerpt.pk,
            "paragraph": 2,
            "quotation": "Whose defense the President deems vital",
        },
        follow=True,
    )
    assert "The quotation was added" in cited.content.decode()
    key = str(uuid.uuid4())
    for _ in range(2):  # a double click
        student_client.post(
            urls["submit"],
            {"text": "Final answer", "idempotency_key": key},
        )
    response = Response.objects.get(student=student)
    assert response.text == "Final answer"
    assert SubmissionVersion.objects.filter(response=response).count() == 1


def test_bad_input_gets_a_message_and_keeps_the_text(
    student_client, student, assignment
):
    prompt = prompt_of(assignment)
    urls = _urls(assignment, prompt)
    error = f"answer-{prompt.pk}-error"
    empty = _refused(student_client, urls["submit"], {"text": "   "}, anchor=error)
    assert "Write your answer before submitting it." in empty
    # Shown once: a reload of the page is the page as it stands.
    again = student_client.get(urls["page"]).content.decode()
    assert "Write your answer before submitting it." not in again
    page = _refused(
        student_client,
        urls["submit"],
        {"text": "<script>x</script> claim"},
        anchor=error,
    )
    assert "needs at least 1 cited passage" in page
    assert "&lt;script&gt;x&lt;/script&gt; claim" in page  # still in the box, as text
    # The refusal about evidence is beside the evidence, before its list.
    where = page.index(f'id="{error}"')
    assert page.index(f'id="evidence-{prompt.pk}-title"') < where
    assert where < page.index("data-evidence-list")
    too_long = _refused(
        student_client, urls["save"], {"text": "y" * 20_010}, anchor=error
    )
    assert "Shorten it by 10 characters" in too_long
    assert "y" * 20_010 in too_long  # the text is given back
    box = re.search(rf'<textarea[^>]*id="answer-{prompt.pk}"[^>]*>', too_long)
    assert 'aria-invalid="true"' in box.group(0)
    assert error in box.group(0)  # described by the message
    assert Response.objects.get(student=student).text == "<script>x</script> claim"


def test_a_refusal_to_submit_at_all_is_shown_beside_the_buttons(
    student_client, teacher, student
):
    assignment = build_past_due(teacher, student)
    prompt = prompt_of(assignment)
    error = f"answer-{prompt.pk}-error"
    page = _refused(
        student_client,
        _urls(assignment)["submit"],
        {"text": "Too late"},
        anchor=error,
    )
    assert "does not accept late work" in page
    assert page.index(f'id="{error}"') > page.index(f'id="cite-{prompt.pk}-quotation"')
    assert Response.objects.get(student=student).text == "Too late"  # kept


def test_a_button_with_htmx_answers_its_question_form_with_the_message(
    student_client, student, assignment
):
    prompt = prompt_of(assignment)
    urls = _urls(assignment, prompt)
    htmx = {"HX-Request": "true"}
    refused = student_client.post(urls["submit"], {"text": "Claim"}, headers=htmx)
    assert refused.status_code == 200  # htmx swaps only a 2xx answer
    html = refused.content.decode()
    assert html.lstrip().startswith("<form")
    assert f'data-focus="answer-{prompt.pk}-error"' in html
    assert "needs at least 1 cited passage" in html
    assert ">Claim</textarea>" in html
    assert "no-cache" in refused["Cache-Control"]
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    cited = student_client.post(
        urls["cite_by_hand"],
        {"text": "Claim", "excerpt": excerpt.pk, "paragraph": 1, "quotation": "lend"},
        headers=htmx,
    ).content.decode()
    assert f'data-focus="answer-{prompt.pk}-notice"' in cited
    assert "The quotation was added to your evidence." in cited
    assert "“lend”" in cited
    done = student_client.post(
        urls["submit"],
        {"text": "Claim", "idempotency_key": str(uuid.uuid4())},
        headers=htmx,
    ).content.decode()
    assert "Your answer is submitted (version 1)." in done
    assert "Submit again" in done
    # Nothing waits in the session for the next page load.
    assert (
        "Your answer is submitted"
        not in student_client.get(urls["page"]).content.decode()
    )


def test_a_stale_form_keeps_the_newer_text_and_shows_both(
    student_client, student, assignment
):
    urls = _urls(assignment)
    student_client.post(urls["autosave"], {"text": "First thoughts", "revision": 1})
    opened_at = _page_revision(student_client, assignment)  # the old tab
    # Later, on another device, the answer grows.
    student_client.post(
        urls["autosave"], {"text": "Newer, longer answer", "revision": opened_at + 1}
    )
    page = _refused(
        student_client,
        urls["submit"],
        {
            "text": "Old tab words",
            "revision": opened_at,
            "idempotency_key": str(uuid.uuid4()),
        },
        anchor=f"answer-{prompt_of(assignment).pk}-error",
    )
    assert "changed in another tab or on another device" in page
    assert "Newer, longer answer" in page  # in the box
    assert "Old tab words" in page  # shown below it, not lost
    response = Response.objects.get(student=student)
    assert response.text == "Newer, longer answer"
    assert not SubmissionVersion.objects.exists()  # nothing was submitted


def test_a_form_from_the_current_page_saves_and_a_stale_one_with_the_same_text_goes_on(
    student_client, student, assignment
):
    urls = _urls(assignment)
    prompt = prompt_of(assignment)
    revision = _page_revision(student_client, assignment)
    saved = student_client.post(urls["save"], {"text": "Mine", "revision": revision})
    assert saved["Location"].endswith(f"#answer-{prompt.pk}-notice")
    assert (
        "Your draft is saved." in student_client.get(saved["Location"]).content.decode()
    )
    assert Response.objects.get(student=student).text == "Mine"
    # The same words sent again from the now stale page change nothing: no clash.
    again = student_client.post(urls["save"], {"text": "Mine", "revision": revision})
    assert again["Location"].endswith(f"#answer-{prompt.pk}-notice")


def test_a_save_from_a_page_of_another_student_is_refused_and_changes_nothing(
    client, assignment
):
    urls = _urls(assignment)
    first = enrol(assignment.classroom)
    second = enrol(assignment.classroom)
    client.force_login(second)
    refused = client.post(
        urls["autosave"], {"text": "First's words", "revision": 1, "student": first.pk}
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "wrong_student"
    assert "signed in as someone else" in refused.json()["message"]
    form = client.post(urls["save"], {"text": "First's words", "student": first.pk})
    assert form.status_code == 409
    assert "First&#x27;s words" in form.content.decode()  # given back to copy
    assert not Response.objects.filter(text="First's words").exists()
    ok = client.post(
        urls["autosave"], {"text": "Mine", "revision": 1, "student": second.pk}
    )
    assert ok.json()["saved"] is True


def test_a_refused_quotation_by_hand_stays_filled_in_with_the_reason_beside_it(
    student_client, assignment
):
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    prompt = prompt_of(assignment)
    html = _refused(
        student_client,
        _urls(assignment)["cite_by_hand"],
        {
            "text": "My draft",
            "excerpt": excerpt.pk,
            "paragraph": 2,
            "quotation": "words that are nowhere",
        },
        anchor=f"cite-{prompt.pk}-quotation-error",
    )
    assert "My draft" in html
    field = re.search(rf'<textarea[^>]*id="cite-{prompt.pk}-quotation"[^>]*>', html)
    assert 'aria-invalid="true"' in field.group(0)
    assert ">words that are nowhere</textarea>" in html
    assert re.search(rf'id="cite-{prompt.pk}-paragraph"[^>]*value="2"', html)
    assert "These words are not in ¶2" in html
    assert '<details class="cite-by-hand mb-3" open>' in html

    no_number = _refused(
        student_client,
        _urls(assignment)["cite_by_hand"],
        {"text": "My draft", "excerpt": excerpt.pk, "quotation": "x"},
        anchor=f"cite-{prompt.pk}-paragraph-error",
    )
    assert ">x</textarea>" in no_number


def test_removing_a_quotation_with_a_broken_number_says_so_instead_of_failing(
    student_client, student, assignment
):
    html = _refused(
        student_client,
        _urls(assignment)["remove"],
        {"text": "Kept words", "remove_citation": "1;DROP"},
        anchor=f"answer-{prompt_of(assignment).pk}-error",
    )
    assert "That quotation could not be found" in html
    assert "Kept words" in html
    assert Response.objects.get(student=student).text == "Kept words"
    assert Citation.objects.count() == 0


def test_classmates_answers_hidden_until_the_student_posts(
    student_client, student, assignment
):
    post_answer(enrol(assignment.classroom), assignment, "Classmate's secret claim.")
    urls = _urls(assignment, prompt_of(assignment))
    before = student_client.get(urls["discussion"])
    assert before.status_code == 200
    assert "Classmate's secret claim." not in before.content.decode()
    assert "Submit your own answer to this question first" in before.content.decode()
    post_answer(student, assignment, "My own claim.")
    after = student_client.get(urls["discussion"]).content.decode()
    assert "s secret claim." in after
    assert "lend or lease" in after  # their cited evidence


def test_never_keeps_answers_private_and_always_opens_them(
    student_client, student, teacher
):
    for visibility, visible in [("never", False), ("always", True)]:
        assignment = build_assignment(teacher, discussion_visibility=visibility)
        enrol(assignment.classroom, student)
        post_answer(enrol(assignment.classroom), assignment, f"Answer {visibility}.")
        if visibility == "never":
            post_answer(student, assignment, "Mine.")
        page = student_client.get(
            _urls(assignment, prompt_of(assignment))["discussion"]
        )
        assert (f"Answer {visibility}." in page.content.decode()) is visible


def test_classmates_are_named_by_first_name_and_initial(
    student_client, student, assignment
):
    classmate = enrol(
        assignment.classroom, StudentFactory(first_name="Ada", last_name="Lovelace")
    )
    post_answer(classmate, assignment, "<b>bold</b> claim")
    post_answer(student, assignment, "Mine.")
    page = student_client.get(
        _urls(assignment, prompt_of(assignment))["discussion"]
    ).content.decode()
    assert "Ada L." in page and "Lovelace" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in page  # HTML shown as text


def test_student_replies_and_edits_within_the_window(client, student, assignment):
    classmate = enrol(assignment.classroom)
    answer = post_answer(classmate, assignment, "Theirs.")
    post_answer(student, assignment, "Mine.")
    client.force_login(student)
    client.post(reverse("assignments:reply_create", args=[answer.pk]), {"text": "Why?"})
    reply = Reply.objects.get(author=student)
    edit = reverse("assignments:reply_edit", args=[reply.pk])
    client.post(edit, {"text": "Why so?"})
    assert Reply.objects.get(pk=reply.pk).text == "Why so?"
    Reply.objects.filter(pk=reply.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )
    client.post(edit, {"text": "Too late"})
    assert Reply.objects.get(pk=reply.pk).text == "Why so?"


def test_a_refused_reply_comes_back_in_its_box_with_the_reason(client, assignment):
    classmate = enrol(assignment.classroom)
    student = enrol(assignment.classroom)
    answers = [post_answer(who, assignment, "Answer") for who in (classmate, student)]
    client.force_login(student)
    words = "A thoughtful reply " * 300  # over the 4,000 character limit
    posted = client.post(
        reverse("assignments:reply_create", args=[answers[0].pk]), {"text": words}
    )
    # POST, redirect, GET: a reload of the page asks nothing to be sent again.
    assert posted.status_code == 302
    assert posted["Location"].endswith(
        f"?reply={answers[0].pk}#reply-to-{answers[0].pk}"
    )
    html = client.get(posted["Location"]).content.decode()
    box = re.search(
        rf'<textarea[^>]*id="reply-to-{answers[0].pk}"[^>]*>([^<]*)</textarea>', html
    )
    assert box and box.group(1) == words
    assert 'aria-invalid="true"' in box.group(0)
    assert "the limit is 4000" in html
    assert f'id="reply-to-{answers[0].pk}-error" role="alert"' in html
    # Shown once: the next load of the page has no box open and no reason.
    again = client.get(posted["Location"]).content.decode()
    assert "the limit is 4000" not in again and words not in again


def test_a_discussion_page_opens_one_reply_box_on_demand(client, assignment):
    """Thirty answers carry thirty "Reply to …" links and no box; ``?reply=`` opens
    the box under that one answer (the way there without JavaScript)."""
    student = enrol(assignment.classroom)
    answers = [
        post_answer(enrol(assignment.classroom), assignment, f"Answer {n}.")
        for n in range(29)
    ]
    post_answer(student, assignment, "Mine.")
    client.force_login(student)
    url = reverse(
        "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
    )
    html = client.get(url).content.decode()
    assert html.count("data-reply-open=") == 25  # a page of answers
    assert html.count("<textarea") == 1  # the template the script copies
    assert "<template" in html.split("<textarea")[0].rsplit("<form", 1)[0]
    target = answers[3]
    opened = client.get(url, {"reply": target.pk}).content.decode()
    assert opened.count("<textarea") == 2
    assert f'id="reply-to-{target.pk}"' in opened
    assert f'action="{reverse("assignments:reply_create", args=[target.pk])}"' in (
        opened
    )


def test_answers_and_replies_render_markdown_alike(client, assignment):
    student = enrol(assignment.classroom)
    classmate = enrol(assignment.classroom)
    answer = post_answer(classmate, assignment, "The aid *stopped* in **1945**.")
    post_answer(student, assignment, "Mine.")
    client.force_login(student)
    client.post(
        reverse("assignments:reply_create", args=[answer.pk]),
        {"text": "It *stopped* in **May**."},
    )
    html = client.get(
        reverse("assignments:discussion", args=[assignment.pk, answer.prompt_id])
    ).content.decode()
    assert "<em>stopped</em> in <strong>1945</strong>" in html
    assert "It <em>stopped</em> in <strong>May</strong>" in html
    assert "*stopped*" not in html


def test_an_answer_returned_for_revision_shows_the_comment_and_every_version(
    student_client, teacher, student, assignment
):
    prompt = prompt_of(assignment)
    response = post_answer(student, assignment, "Aid came late.")
    return_for_revision(response, teacher, "Say *why* it came late.")
    urls = _urls(assignment, prompt)
    page = student_client.get(urls["page"]).content.decode()
    assert "Returned for revision" in page
    assert "Your teacher asks you to revise this answer" in page
    assert "Say <em>why</em> it came late." in page
    assert "Submit the revised answer" in page
    unchanged = _refused(
        student_client,
        urls["submit"],
        {"text": "Aid came late.", "idempotency_key": str(uuid.uuid4())},
        anchor=f"answer-{prompt.pk}-error",
    )
    assert "This is the version your teacher returned for revision." in unchanged
    student_client.post(
        urls["submit"],
        {"text": "Aid came late, and why.", "idempotency_key": str(uuid.uuid4())},
    )
    page = student_client.get(urls["page"]).content.decode()
    assert "Your submitted versions (2)" in page
    assert "Aid came <del>late.</del><ins>late, and why.</ins>" in page
    assert "What changed since version 1" in page
