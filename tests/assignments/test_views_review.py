"""Grading (one view per button of the grading form), returns and moderating
the discussion."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assignments.models import (
    CriterionScore,
    Feedback,
    Reply,
    Response,
    SavedComment,
)
from assignments.services import answers, replies
from assignments.services.rubrics import rubric_create
from tests.assignments.conftest import (
    build_assignment,
    enrol,
    grading_url,
    post_answer,
    prompt_of,
)
from tests.builders import StudentFactory, TeacherFactory


def _form_data(client, assignment, student):
    """What the grading page's form would send as it stands."""
    page = client.get(grading_url(assignment, student))
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def test_teacher_of_another_class_gets_404(client, teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment)
    client.force_login(TeacherFactory())
    pk, cls = assignment.pk, assignment.classroom_id
    for url in [
        reverse("assignments:review_table", args=[pk]),
        reverse("assignments:grading", args=[pk, student.pk]),
        reverse("assignments:citation_map", args=[pk]),
        reverse("assignments:gradebook", args=[cls]),
        reverse("assignments:gradebook_csv", args=[cls]),
        reverse("assignments:skill_report", args=[cls]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(grading_url(assignment, student, "feedback_save"), {}).status_code
        == 404
    )
    assert (
        client.post(reverse("assignments:review_return", args=[pk])).status_code == 404
    )
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert not Feedback.objects.exists()


def test_grading_a_student_of_another_class_is_404(teacher_client, teacher):
    assignment = build_assignment(teacher)
    stranger = enrol(build_assignment(teacher).classroom)
    assert teacher_client.get(grading_url(assignment, stranger)).status_code == 404


def test_a_co_teacher_can_grade(client, teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    co = TeacherFactory()
    assignment.classroom.co_teachers.add(co)
    client.force_login(co)
    assert client.get(grading_url(assignment, student)).status_code == 200


def test_score_comment_and_return_reach_the_student(client, teacher, student):
    assignment = build_assignment(teacher, prompts=2, points=10)
    enrol(assignment.classroom, student)
    first = post_answer(student, assignment, n=0)
    post_answer(student, assignment, n=1)
    client.force_login(teacher)
    data = _form_data(client, assignment, student)
    p0, p1 = prompt_of(assignment, 0).pk, prompt_of(assignment, 1).pk
    data.update(
        {
            f"score_{p0}": "4.5",
            f"comment_{p0}": "Strong **sourcing**.",
            f"score_{p1}": "3",
        }
    )
    saved = client.post(grading_url(assignment, student, "feedback_save_return"), data)
    assert saved.status_code == 302
    feedback = Feedback.objects.get(response=first)
    assert feedback.score == Decimal("4.5") and feedback.max_points == 5
    first.refresh_from_db()
    assert first.status == Response.Status.RETURNED

    client.force_login(student)
    page = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    html = page.content.decode()
    assert "Score: 4.5 out of 5" in html
    assert "Strong <strong>sourcing</strong>." in html
    todo = client.get(reverse("student_todo")).content.decode()
    assert "score 7.5 of 10" in todo


def test_the_rubric_scores_reach_the_student_in_criterion_order(
    client, teacher, student
):
    assignment = build_assignment(teacher, prompts=2, points=10)
    enrol(assignment.classroom, student)
    first = post_answer(student, assignment, n=0)
    post_answer(student, assignment, n=1)
    rubric = rubric_create(
        owner=teacher,
        title="Evidence",
        criteria=[
            {"title": "Uses the source", "skill": "sourcing", "points": 4},
            {"title": "Explains", "skill": "claim_evidence", "points": 3},
        ],
    )
    uses, explains = rubric.criteria.order_by("order")
    feedback = Feedback.objects.create(response=first, score=5, max_points=5)
    # Scored in the other order: the page lists them by the rubric's order.
    CriterionScore.objects.create(
        feedback=feedback, criterion=explains, points=2, max_points=3
    )
    CriterionScore.objects.create(
        feedback=feedback, criterion=uses, points=3, max_points=4
    )
    Response.objects.filter(pk=first.pk).update(status=Response.Status.RETURNED)

    client.force_login(student)
    page = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    html = page.content.decode()
    assert html.count('class="small mb-0 feedback-rubric"') == 1
    assert html.index("Uses the source (") < html.index("Explains (")
    assert "Uses the source (Sourcing): 3 / 4" in html
    assert "Explains (" in html and "): 2 / 3" in html


def test_feedback_stays_hidden_until_returned(client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    post_answer(student, assignment)
    client.force_login(teacher)
    data = _form_data(client, assignment, student)
    p = prompt_of(assignment).pk
    data.update({f"score_{p}": "2", f"comment_{p}": "Not yet visible."})
    client.post(grading_url(assignment, student, "feedback_save"), data)
    client.force_login(student)
    page = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    assert "Not yet visible." not in page.content.decode()


def test_a_score_above_the_points_is_refused(teacher_client, teacher, student):
    assignment = build_assignment(teacher, prompts=2, points=10)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment)
    data = _form_data(teacher_client, assignment, student)
    data[f"score_{response.prompt_id}"] = "6"
    page = teacher_client.post(grading_url(assignment, student, "feedback_save"), data)
    assert page.status_code == 400
    assert "The most this answer can score is 5." in page.content.decode()
    assert not Feedback.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(response=response, score=6, max_points=5)


def test_second_tab_save_is_refused_and_overwrites_nothing(
    teacher_client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment)
    p = response.prompt_id
    tab_one = _form_data(teacher_client, assignment, student)
    tab_two = dict(tab_one)
    tab_one.update({f"score_{p}": "5", f"comment_{p}": "First tab's words."})
    assert (
        teacher_client.post(
            grading_url(assignment, student, "feedback_save"), tab_one
        ).status_code
        == 302
    )
    tab_two.update({f"score_{p}": "1", f"comment_{p}": "Second tab's words."})
    refused = teacher_client.post(
        grading_url(assignment, student, "feedback_save"), tab_two
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "changed in another tab" in html
    assert "Second tab&#x27;s words." in html  # kept on the page to copy
    feedback = Feedback.objects.get(response=response)
    assert (feedback.score, feedback.comment) == (Decimal(5), "First tab's words.")
    assert feedback.version == 1


def test_saved_comment_bank_without_javascript(teacher_client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment)
    p = response.prompt_id
    data = _form_data(teacher_client, assignment, student)
    data.update({f"comment_{p}": "Quote the text, then explain it."})
    page = teacher_client.post(
        grading_url(assignment, student, "saved_comment_create", p), data
    )
    assert page.status_code == 200
    saved = SavedComment.objects.get(owner=teacher)
    assert saved.text == "Quote the text, then explain it."
    assert not Feedback.objects.exists()  # keeping a comment saves no feedback

    data = _form_data(teacher_client, assignment, student)
    data.update({f"comment_{p}": "Good start.", f"bank_{p}": saved.pk})
    page = teacher_client.post(
        grading_url(assignment, student, "saved_comment_use", p), data
    )
    assert page.context["form"][f"comment_{p}"].value() == (
        "Good start.\n\nQuote the text, then explain it."
    )
    assert not Feedback.objects.exists()
    # Another teacher's bank is not offered.
    SavedComment.objects.create(owner=TeacherFactory(), text="Someone else's")
    page = teacher_client.get(grading_url(assignment, student))
    assert "Someone else" not in page.content.decode()


def test_next_and_previous_follow_the_roster(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=1)
    a = enrol(assignment.classroom, StudentFactory(last_name="Adams"))
    b = enrol(assignment.classroom, StudentFactory(last_name="Brown"))
    page = teacher_client.get(grading_url(assignment, a)).context["page"]
    assert page.previous is None and page.next == b
    post_answer(a, assignment)
    data = _form_data(teacher_client, assignment, a)
    save_go = grading_url(assignment, a, "feedback_save_next")
    moved = teacher_client.post(save_go, data)
    assert moved["Location"] == grading_url(assignment, b) + "#grade"
    back = teacher_client.post(
        grading_url(assignment, b, "feedback_save_next"), {"go": "previous"}
    )
    assert back["Location"] == grading_url(assignment, a) + "#grade"


def test_rubric_levels_are_saved_and_feed_the_skill_report(
    teacher_client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1, points=4)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment)
    made = teacher_client.post(
        reverse("assignments:rubric_create"),
        {
            "title": "Evidence rubric",
            "criteria-TOTAL_FORMS": "2",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-title": "Uses the source",
            "criteria-0-skill": "sourcing",
            "criteria-0-points": "4",
            "criteria-1-title": "",
            "criteria-1-skill": "open",
            "criteria-1-points": "",
        },
    )
    assert made.status_code == 302
    rubric = teacher.rubrics.get()
    assert [c.title for c in rubric.criteria.all()] == ["Uses the source"]
    teacher_client.post(
        reverse("assignments:assignment_rubric", args=[assignment.pk]),
        {"rubric": rubric.pk},
    )
    criterion = rubric.criteria.get()
    data = _form_data(teacher_client, assignment, student)
    p = response.prompt_id
    data.update({f"score_{p}": "3", f"crit_{p}_{criterion.pk}": "2"})
    assert (
        teacher_client.post(
            grading_url(assignment, student, "feedback_save"), data
        ).status_code
        == 302
    )
    assert Feedback.objects.get().criterion_scores.get().points == 2

    report = teacher_client.get(
        reverse("assignments:skill_report", args=[assignment.classroom_id])
    ).context["report"]
    rows = {row.skill: row for row in report.rows}
    assert rows["open"].average == 75  # 3 of 4 on an "open" prompt
    assert rows["sourcing"].rubric_average == 50  # level 2 of 4
    assert rows["sourcing"].average is None


def test_return_all_asks_first_and_returns_only_scored_submitted_answers(
    teacher_client, teacher
):
    assignment = build_assignment(teacher, prompts=1)
    scored = post_answer(enrol(assignment.classroom), assignment)
    Feedback.objects.create(response=scored, score=1, max_points=10)
    unscored = post_answer(enrol(assignment.classroom), assignment)
    Feedback.objects.create(response=unscored, score=None, max_points=10, comment="Hm")
    bare = post_answer(enrol(assignment.classroom), assignment)
    draft = answers.response_get_or_create(
        assignment=assignment,
        prompt=prompt_of(assignment),
        student=enrol(assignment.classroom),
    )
    answers.response_draft_save(response=draft, text="unfinished", revision=1)
    url = reverse("assignments:review_return", args=[assignment.pk])
    ask = teacher_client.get(url).content.decode()
    assert "Return 1 scored answer to its student?" in ask
    assert "2 submitted answers have no score yet: they stay with you." in ask
    assert Response.objects.filter(status=Response.Status.RETURNED).count() == 0

    done = teacher_client.post(url, follow=True).content.decode()
    assert "1 answer returned" in done
    statuses = {r.pk: r.status for r in Response.objects.filter(assignment=assignment)}
    assert statuses == {
        scored.pk: Response.Status.RETURNED,
        unscored.pk: Response.Status.SUBMITTED,
        bare.pk: Response.Status.SUBMITTED,
        draft.pk: Response.Status.DRAFT,
    }
    again = teacher_client.get(url).content.decode()
    assert (
        "No scored answer to return" in again
        and "<form" not in again.split("No scored answer")[1]
    )


def test_teacher_hides_a_reply_and_students_stop_seeing_it(
    client, teacher, student, assignment
):
    answer = post_answer(student, assignment, "Mine.")
    classmate = enrol(assignment.classroom)
    post_answer(classmate, assignment, "Theirs.")
    reply = replies.reply_create(response=answer, author=classmate, text="Rude words")
    client.force_login(teacher)
    url = reverse(
        "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
    )
    assert "Rude words" in client.get(url).content.decode()
    client.post(reverse("assignments:reply_hide", args=[reply.pk]), {"hidden": "1"})
    assert Reply.objects.get(pk=reply.pk).is_hidden
    client.force_login(student)
    assert "Rude words" not in client.get(url).content.decode()


def test_return_for_revision_hands_back_only_the_waiting_answers(
    teacher_client, teacher
):
    assignment = build_assignment(teacher, prompts=2)
    student = enrol(assignment.classroom)
    first = post_answer(student, assignment, n=0)
    second = post_answer(student, assignment, n=1)
    answers.response_return(response=second)
    data = _form_data(teacher_client, assignment, student)
    page = teacher_client.post(
        grading_url(assignment, student, "feedback_save_revise"), data, follow=True
    )
    assert "1 answer returned to" in page.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Response.Status.REVISION
    assert second.status == Response.Status.RETURNED
