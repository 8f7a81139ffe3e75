"""Findings of the security review of the assignments app: each test is something a
student or teacher would notice if it went wrong (lost words, a 500, a refusal
without its reason)."""

import re
import uuid

from django.urls import reverse

from assignments import review, services
from assignments.models import Citation, Criterion, Response, Rubric, SubmissionVersion
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory


def _prompt(assignment):
    return assignment.lesson.prompts.order_by("order").first()


def _urls(assignment):
    args = [assignment.pk, _prompt(assignment).pk]
    return {
        "page": reverse("assignments:assignment_detail", args=[assignment.pk]),
        "update": reverse("assignments:response_update", args=args),
        "autosave": reverse("assignments:response_autosave", args=args),
    }


def _page_revision(client, assignment) -> int:
    """The revision the answer form carries, read from the page as a browser would."""
    html = client.get(_urls(assignment)["page"]).content.decode()
    return int(re.search(r'name="revision" value="(\d+)"', html).group(1))


# --- finding 2: a stale form never overwrites newer text --------------------------


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
    stale = student_client.post(
        urls["update"],
        {
            "text": "Old tab words",
            "revision": opened_at,
            "action": "submit",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    assert stale.status_code == 409
    page = stale.content.decode()
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
    revision = _page_revision(student_client, assignment)
    student_client.post(
        urls["update"], {"text": "Mine", "revision": revision, "action": "save"}
    )
    assert Response.objects.get(student=student).text == "Mine"
    # The same words sent again from the now stale page change nothing: no clash.
    again = student_client.post(
        urls["update"], {"text": "Mine", "revision": revision, "action": "save"}
    )
    assert again.status_code == 302


# --- finding 4: a page opened by another student -----------------------------------


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
    form = client.post(
        urls["update"], {"text": "First's words", "action": "save", "student": first.pk}
    )
    assert form.status_code == 409
    assert "First&#x27;s words" in form.content.decode()  # given back to copy
    assert not Response.objects.filter(text="First's words").exists()
    ok = client.post(
        urls["autosave"], {"text": "Mine", "revision": 1, "student": second.pk}
    )
    assert ok.json()["saved"] is True


# --- finding 5: a refused reply keeps its words -----------------------------------


def test_a_refused_reply_comes_back_in_its_box_with_the_reason(client, assignment):
    classmate = enrol(assignment.classroom)
    student = enrol(assignment.classroom)
    answers = []
    for who in (classmate, student):
        response = services.response_get_or_create(
            assignment=assignment, prompt=_prompt(assignment), student=who
        )
        services.response_draft_save(response=response, text="Answer", revision=1)
        services.citation_add(
            response=response,
            excerpt=assignment.lesson.lesson_excerpts.first().excerpt,
            paragraph=1,
            quotation="lend or lease",
        )
        services.response_submit(response=response, idempotency_key=uuid.uuid4())
        answers.append(response)
    client.force_login(student)
    words = "A thoughtful reply " * 300  # over the 4,000 character limit
    page = client.post(
        reverse("assignments:reply_create", args=[answers[0].pk]), {"text": words}
    )
    assert page.status_code == 200
    html = page.content.decode()
    box = re.search(
        rf'<textarea[^>]*id="reply-to-{answers[0].pk}"[^>]*>([^<]*)</textarea>', html
    )
    assert box and box.group(1) == words
    assert 'aria-invalid="true"' in box.group(0)
    assert "the limit is 4000" in html
    assert f'id="reply-to-{answers[0].pk}-error"' in html


# --- findings 6 and 7: quotations by hand, removing a quotation --------------------


def test_a_refused_quotation_by_hand_stays_filled_in_with_the_reason_beside_it(
    student_client, assignment
):
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    prompt = _prompt(assignment)
    page = student_client.post(
        _urls(assignment)["update"],
        {
            "text": "My draft",
            "action": "cite",
            "excerpt": excerpt.pk,
            "paragraph": 2,
            "quotation": "words that are nowhere",
        },
    )
    html = page.content.decode()
    assert "My draft" in html
    field = re.search(rf'<textarea[^>]*id="cite-{prompt.pk}-quotation"[^>]*>', html)
    assert 'aria-invalid="true"' in field.group(0)
    assert ">words that are nowhere</textarea>" in html
    assert re.search(rf'id="cite-{prompt.pk}-paragraph"[^>]*value="2"', html)
    assert "These words are not in ¶2" in html
    assert '<details class="cite-by-hand mb-3" open>' in html

    no_number = student_client.post(
        _urls(assignment)["update"],
        {"text": "My draft", "action": "cite", "excerpt": excerpt.pk, "quotation": "x"},
    ).content.decode()
    assert f'id="cite-{prompt.pk}-paragraph-error"' in no_number
    assert ">x</textarea>" in no_number


def test_removing_a_quotation_with_a_broken_number_says_so_instead_of_failing(
    student_client, student, assignment
):
    page = student_client.post(
        _urls(assignment)["update"],
        {"text": "Kept words", "action": "save", "remove_citation": "1;DROP"},
    )
    assert page.status_code == 400
    assert "That quotation could not be found" in page.content.decode()
    assert "Kept words" in page.content.decode()
    assert Response.objects.get(student=student).text == "Kept words"
    assert Citation.objects.count() == 0


# --- finding 1/9: what the autosave answers --------------------------------------


def test_autosave_answers_with_the_new_badge_or_with_the_newer_text(
    student_client, assignment
):
    url = _urls(assignment)["autosave"]
    saved = student_client.post(url, {"text": "Begun", "revision": 1}).json()
    assert saved["saved"] is True and "Draft" in saved["state_html"]
    late = student_client.post(url, {"text": "Older", "revision": 1}).json()
    assert late["saved"] is False and late["text"] == "Begun"


# --- finding 10: changing and deleting rubrics -------------------------------------


def _rubric(owner):
    return review.rubric_create(
        owner=owner,
        title="Evidence",
        criteria=[
            {"title": "Uses the source", "skill": "sourcing", "points": 4},
            {"title": "Explains", "skill": "claim_evidence", "points": 3},
        ],
    )


def _criteria_post(rows, title="Evidence"):
    data = {
        "title": title,
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{n}-{key}"] = value
    return data


def test_a_teacher_changes_and_reorders_a_rubric_and_removes_a_criterion(
    teacher_client, teacher
):
    rubric = _rubric(teacher)
    first, second = rubric.criteria.order_by("order")
    url = reverse("assignments:rubric_edit", args=[rubric.pk])
    page = teacher_client.get(url).content.decode()
    assert 'value="Uses the source"' in page
    done = teacher_client.post(
        url,
        _criteria_post(
            [
                {
                    "id": second.pk,
                    "title": "Explains well",
                    "skill": "sourcing",
                    "points": 5,
                },
                {"id": first.pk, "title": "", "skill": "sourcing", "points": 4},
                {"title": "Context", "skill": "contextualization", "points": 2},
            ],
            title="Evidence (v2)",
        ),
        follow=True,
    )
    assert "The rubric is changed." in done.content.decode()
    rubric.refresh_from_db()
    assert rubric.title == "Evidence (v2)"
    assert [(c.title, c.points) for c in rubric.criteria.order_by("order")] == [
        ("Explains well", 5),
        ("Context", 2),
    ]


def test_only_the_owner_reaches_a_rubric(client, other_teacher, teacher):
    rubric = _rubric(teacher)
    client.force_login(other_teacher)
    for name in ("rubric_edit", "rubric_delete"):
        assert (
            client.get(reverse(f"assignments:{name}", args=[rubric.pk])).status_code
            == 404
        )
    assert (
        client.post(reverse("assignments:rubric_delete", args=[rubric.pk])).status_code
        == 404
    )
    assert Rubric.objects.filter(pk=rubric.pk).exists()


def test_deleting_a_rubric_in_use_is_refused_with_the_assignment_named(
    teacher_client, teacher
):
    rubric = _rubric(teacher)
    assignment = build_assignment(teacher)
    review.assignment_rubric_set(assignment=assignment, rubric=rubric)
    url = reverse("assignments:rubric_delete", args=[rubric.pk])
    refused = teacher_client.post(url, follow=True).content.decode()
    assert "This rubric is used by Aid and alliance" in refused
    assert Rubric.objects.filter(pk=rubric.pk).exists()
    review.assignment_rubric_set(assignment=assignment, rubric=None)
    deleted = teacher_client.post(url, follow=True).content.decode()
    assert "is deleted" in deleted
    assert not Rubric.objects.filter(pk=rubric.pk).exists()
    assert not Criterion.objects.filter(rubric_id=rubric.pk).exists()


def test_a_criterion_answers_were_scored_on_is_kept(teacher_client, teacher):
    from assignments.models import CriterionScore, Feedback

    rubric = _rubric(teacher)
    first, second = rubric.criteria.order_by("order")
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom, StudentFactory())
    response = services.response_get_or_create(
        assignment=assignment, prompt=_prompt(assignment), student=student
    )
    feedback = Feedback.objects.create(response=response, max_points=2)
    CriterionScore.objects.create(
        feedback=feedback, criterion=first, points=2, max_points=4
    )
    refused = teacher_client.post(
        reverse("assignments:rubric_edit", args=[rubric.pk]),
        _criteria_post(
            [{"id": second.pk, "title": "Explains", "skill": "sourcing", "points": 3}]
        ),
    ).content.decode()
    assert "“Uses the source” has already been used to score answers" in refused
    assert rubric.criteria.count() == 2
    kept = teacher_client.post(
        reverse("assignments:rubric_delete", args=[rubric.pk]), follow=True
    ).content.decode()
    assert "Answers were already scored with this rubric" in kept
    assert Rubric.objects.filter(pk=rubric.pk).exists()
