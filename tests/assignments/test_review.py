"""Teacher review: review table, grading, feedback, returns, citation map, skill
report, gradebook and its CSV, the teacher's home."""

import csv
import io
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignments import review, services
from assignments.models import (
    Citation,
    Feedback,
    Response,
    SavedComment,
    SubmissionVersion,
)
from classrooms.models import Enrolment
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory, TeacherFactory


def _prompt(assignment, n=0):
    return assignment.lesson.prompts.order_by("order")[n]


def _post(
    student, assignment, text="An answer with words.", n=0, quote="lend or lease"
):
    prompt = _prompt(assignment, n)
    response = services.response_get_or_create(
        assignment=assignment, prompt=prompt, student=student
    )
    services.response_draft_save(response=response, text=text, revision=1)
    services.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.order_by("order").first().excerpt,
        paragraph=1,
        quotation=quote,
    )
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
    return response


def _grading_url(assignment, student):
    return reverse("assignments:grading", args=[assignment.pk, student.pk])


def _form_data(client, assignment, student):
    """What the grading page's form would send as it stands."""
    page = client.get(_grading_url(assignment, student))
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


# --- points -----------------------------------------------------------------------


def test_points_split_evenly_with_the_remainder_first(teacher):
    assignment = build_assignment(teacher, prompts=3, points=10)
    assert assignment.prompt_points(3) == [4, 3, 3]
    assert sum(assignment.prompt_points(7)) == 10


# --- review table -----------------------------------------------------------------


def test_review_table_shows_each_status_words_and_citations(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=2)
    classroom = assignment.classroom
    nobody = enrol(classroom, StudentFactory(last_name="Aaronson"))
    drafter = enrol(classroom, StudentFactory(last_name="Baker"))
    poster = enrol(classroom, StudentFactory(last_name="Chen"))
    returned = enrol(classroom, StudentFactory(last_name="Diaz"))
    response = services.response_get_or_create(
        assignment=assignment, prompt=_prompt(assignment), student=drafter
    )
    services.response_draft_save(response=response, text="Half a thought", revision=1)
    _post(poster, assignment, text="Four words right here.")
    services.response_return(response=_post(returned, assignment))

    page = teacher_client.get(reverse("assignments:review_table", args=[assignment.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for label in ["Not started", "Draft", "Submitted", "Returned"]:
        assert label in html
    assert "4 words · 1 cited" in html
    assert "0 of 4 students have submitted every answer" in html  # 2 prompts each
    assert 'value="0"' in html and "<progress" in html

    waiting = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]),
        {"status": "needs_review"},
    )
    rows = [r.student for r in waiting.context["table"].rows]
    assert rows == [poster]
    drafts = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]), {"status": "draft"}
    )
    assert [r.student for r in drafts.context["table"].rows] == [drafter]
    by_words = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]), {"sort": "words"}
    )
    assert by_words.context["table"].rows[0].student == poster
    assert nobody in [r.student for r in by_words.context["table"].rows]


def test_late_answer_is_marked_late(teacher_client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    _post(student, assignment)
    SubmissionVersion.objects.update(is_late=True)
    page = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]), {"status": "late"}
    )
    assert [r.student for r in page.context["table"].rows] == [student]


PASSWORD_HASH = make_password("not-used-by-these-students")


def _bulk_class(assignment, size):
    """``size`` students, each with a submitted, cited and scored answer to every
    prompt, made in a handful of queries."""
    stamp = uuid.uuid4().hex[:8]
    users = User.objects.bulk_create(
        [
            User(
                username=f"bulk-{stamp}-{n}",
                first_name=f"First{n}",
                last_name=f"Last{n}",
                role=User.Role.STUDENT,
                password=PASSWORD_HASH,
            )
            for n in range(size)
        ]
    )
    users = list(User.objects.filter(username__startswith=f"bulk-{stamp}-"))
    Enrolment.objects.bulk_create(
        [Enrolment(classroom=assignment.classroom, student=u) for u in users]
    )
    prompts = list(assignment.lesson.prompts.order_by("order"))
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    Response.objects.bulk_create(
        [
            Response(
                assignment=assignment, prompt=p, student=u, text="Some words here."
            )
            for u in users
            for p in prompts
        ]
    )
    responses = list(Response.objects.filter(assignment=assignment, student__in=users))
    Citation.objects.bulk_create(
        [
            Citation(response=r, excerpt=excerpt, paragraph=1, quotation="lend")
            for r in responses
        ]
    )
    SubmissionVersion.objects.bulk_create(
        [
            SubmissionVersion(
                response=r,
                number=1,
                text=r.text,
                citations=[
                    {"excerpt_id": excerpt.pk, "paragraph": 1, "quotation": "lend"}
                ],
                idempotency_key=uuid.uuid4(),
            )
            for r in responses
        ]
    )
    versions = {
        v.response_id: v
        for v in SubmissionVersion.objects.filter(response__in=responses)
    }
    for r in responses:
        r.latest_version = versions[r.pk]
        r.status = Response.Status.SUBMITTED
    Response.objects.bulk_update(responses, ["latest_version", "status"])
    Feedback.objects.bulk_create(
        [
            Feedback(response=r, score=1, max_points=2, comment="Good.")
            for r in responses
        ]
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries), page


@pytest.mark.parametrize("url_name", ["review_table", "gradebook", "citation_map"])
def test_review_pages_cost_the_same_queries_for_5_and_200_students(
    teacher_client, teacher, url_name
):
    counts = []
    for size in [5, 200]:
        assignment = build_assignment(teacher, prompts=5)
        _bulk_class(assignment, size)
        pk = assignment.classroom_id if url_name == "gradebook" else assignment.pk
        count, page = _count_queries(
            teacher_client, reverse(f"assignments:{url_name}", args=[pk])
        )
        if url_name == "review_table":
            assert len(page.context["table"].rows) == size
        if url_name == "gradebook":
            assert len(page.context["book"].rows) == size
            assert page.context["book"].rows[0].scores == [Decimal(5)]
        counts.append(count)
    assert counts[0] == counts[1], counts


# --- access -----------------------------------------------------------------------


def test_teacher_of_another_class_gets_404(client, teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    response = _post(student, assignment)
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
    assert client.post(_grading_url(assignment, student), {}).status_code == 404
    assert (
        client.post(reverse("assignments:review_return", args=[pk])).status_code == 404
    )
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert not Feedback.objects.exists()


def test_grading_a_student_of_another_class_is_404(teacher_client, teacher):
    assignment = build_assignment(teacher)
    stranger = enrol(build_assignment(teacher).classroom)
    assert teacher_client.get(_grading_url(assignment, stranger)).status_code == 404


def test_a_co_teacher_can_grade(client, teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    co = TeacherFactory()
    assignment.classroom.co_teachers.add(co)
    client.force_login(co)
    assert client.get(_grading_url(assignment, student)).status_code == 200


# --- grading ----------------------------------------------------------------------


def test_grading_shows_the_quotation_marked_inside_its_paragraph(
    teacher_client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    _post(student, assignment, text="<script>alert(1)</script> my claim")
    html = teacher_client.get(_grading_url(assignment, student)).content.decode()
    assert "The President may <mark>lend or lease</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; my claim" in html
    assert "Passage 0, ¶1" in html


def test_highlight_escapes_the_paragraph_before_marking():
    from assignments.text import highlight_quotations

    html = highlight_quotations("Tom & <Jerry> said “go now”", ['"go now"', "<jerry>"])
    assert html == "Tom &amp; <mark>&lt;Jerry&gt;</mark> said <mark>“go now”</mark>"


def test_score_comment_and_return_reach_the_student(client, teacher, student):
    assignment = build_assignment(teacher, prompts=2, points=10)
    enrol(assignment.classroom, student)
    first = _post(student, assignment, n=0)
    _post(student, assignment, n=1)
    client.force_login(teacher)
    data = _form_data(client, assignment, student)
    p0, p1 = _prompt(assignment, 0).pk, _prompt(assignment, 1).pk
    data.update(
        {
            f"score_{p0}": "4.5",
            f"comment_{p0}": "Strong **sourcing**.",
            f"score_{p1}": "3",
            "action": "save_return",
        }
    )
    saved = client.post(_grading_url(assignment, student), data)
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


def test_feedback_stays_hidden_until_returned(client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    _post(student, assignment)
    client.force_login(teacher)
    data = _form_data(client, assignment, student)
    p = _prompt(assignment).pk
    data.update({f"score_{p}": "2", f"comment_{p}": "Not yet visible."})
    client.post(_grading_url(assignment, student), data)
    client.force_login(student)
    page = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    assert "Not yet visible." not in page.content.decode()


def test_a_score_above_the_points_is_refused(teacher_client, teacher, student):
    assignment = build_assignment(teacher, prompts=2, points=10)
    enrol(assignment.classroom, student)
    response = _post(student, assignment)
    data = _form_data(teacher_client, assignment, student)
    data[f"score_{response.prompt_id}"] = "6"
    page = teacher_client.post(_grading_url(assignment, student), data)
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
    response = _post(student, assignment)
    p = response.prompt_id
    tab_one = _form_data(teacher_client, assignment, student)
    tab_two = dict(tab_one)
    tab_one.update({f"score_{p}": "5", f"comment_{p}": "First tab's words."})
    assert (
        teacher_client.post(_grading_url(assignment, student), tab_one).status_code
        == 302
    )
    tab_two.update({f"score_{p}": "1", f"comment_{p}": "Second tab's words."})
    refused = teacher_client.post(_grading_url(assignment, student), tab_two)
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
    response = _post(student, assignment)
    p = response.prompt_id
    data = _form_data(teacher_client, assignment, student)
    data.update({f"comment_{p}": "Quote the text, then explain it.", "bank_comment": p})
    page = teacher_client.post(_grading_url(assignment, student), data)
    assert page.status_code == 200
    saved = SavedComment.objects.get(owner=teacher)
    assert saved.text == "Quote the text, then explain it."
    assert not Feedback.objects.exists()  # keeping a comment saves no feedback

    data = _form_data(teacher_client, assignment, student)
    data.update(
        {f"comment_{p}": "Good start.", f"bank_{p}": saved.pk, "use_comment": p}
    )
    page = teacher_client.post(_grading_url(assignment, student), data)
    assert page.context["form"][f"comment_{p}"].value() == (
        "Good start.\n\nQuote the text, then explain it."
    )
    assert not Feedback.objects.exists()
    # Another teacher's bank is not offered.
    SavedComment.objects.create(owner=TeacherFactory(), text="Someone else's")
    page = teacher_client.get(_grading_url(assignment, student))
    assert "Someone else" not in page.content.decode()


def test_next_and_previous_follow_the_roster(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=1)
    a = enrol(assignment.classroom, StudentFactory(last_name="Adams"))
    b = enrol(assignment.classroom, StudentFactory(last_name="Brown"))
    page = teacher_client.get(_grading_url(assignment, a)).context["page"]
    assert page.previous is None and page.next == b
    _post(a, assignment)
    data = _form_data(teacher_client, assignment, a)
    data["action"] = "save_next"
    moved = teacher_client.post(_grading_url(assignment, a), data)
    assert moved["Location"] == _grading_url(assignment, b)


def test_rubric_levels_are_saved_and_feed_the_skill_report(
    teacher_client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1, points=4)
    enrol(assignment.classroom, student)
    response = _post(student, assignment)
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
        teacher_client.post(_grading_url(assignment, student), data).status_code == 302
    )
    assert Feedback.objects.get().criterion_scores.get().points == 2

    report = teacher_client.get(
        reverse("assignments:skill_report", args=[assignment.classroom_id])
    ).context["report"]
    rows = {row.skill: row for row in report.rows}
    assert rows["open"].average == 75  # 3 of 4 on an "open" prompt
    assert rows["sourcing"].rubric_average == 50  # level 2 of 4
    assert rows["sourcing"].average is None


def test_return_all_returns_only_submitted_answers(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=1)
    poster = enrol(assignment.classroom)
    drafter = enrol(assignment.classroom)
    posted = _post(poster, assignment)
    draft = services.response_get_or_create(
        assignment=assignment, prompt=_prompt(assignment), student=drafter
    )
    services.response_draft_save(response=draft, text="unfinished", revision=1)
    teacher_client.post(reverse("assignments:review_return", args=[assignment.pk]))
    posted.refresh_from_db()
    draft.refresh_from_db()
    assert posted.status == Response.Status.RETURNED
    assert draft.status == Response.Status.DRAFT


# --- citation map -----------------------------------------------------------------


def test_citation_map_counts_students_per_paragraph(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=2)
    for _ in range(3):
        student = enrol(assignment.classroom)
        _post(student, assignment, n=0)
        _post(student, assignment, n=1)  # the same paragraph again: one student
    page = teacher_client.get(reverse("assignments:citation_map", args=[assignment.pk]))
    data = page.context["map"]
    first = data.excerpts[0]
    assert [p.students for p in first.paragraphs] == [3, 0]
    assert [p.bucket for p in first.paragraphs] == [4, 0]
    assert [e.title for e in data.uncited] == ["Passage 1", "Passage 2"]
    html = page.content.decode()
    assert "¶1 · 3 students" in html and "cite-4" in html
    assert "style=" not in html


# --- gradebook and CSV ------------------------------------------------------------


def test_gradebook_csv_canvas_layout_numbers_and_formulas_neutralised(
    teacher_client, teacher
):
    assignment = build_assignment(teacher, prompts=1, points=8)
    assignment.classroom.section = "-P1"
    assignment.classroom.save()
    evil = enrol(
        assignment.classroom,
        StudentFactory(first_name='=HYPERLINK("http://x","y")', last_name="@Sum"),
    )
    plain = enrol(
        assignment.classroom, StudentFactory(first_name="Ann", last_name="Bo")
    )
    Feedback.objects.create(
        response=_post(evil, assignment), score=Decimal("6.5"), max_points=8
    )
    _post(plain, assignment)
    export = teacher_client.get(
        reverse("assignments:gradebook_csv", args=[assignment.classroom_id])
    )
    assert export["Content-Type"].startswith("text/csv")
    text = export.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    title = f"{assignment.lesson.title} ({assignment.pk})"
    assert rows[0] == ["Student", "ID", "SIS Login ID", "Section", title]
    assert rows[1] == ["Points Possible", "", "", "", "8"]
    by_login = {row[2]: row for row in rows[2:]}
    evil_row = by_login[evil.username]
    assert evil_row[0] == '\'@Sum, =HYPERLINK("http://x","y")'
    assert evil_row[1] == str(evil.pk)
    assert evil_row[3] == "'-P1"
    assert evil_row[4] == "6.5"
    assert by_login[plain.username][4] == ""
    # Numbers are written bare (not quoted), so spreadsheets read them as numbers.
    assert ",6.5\r\n" in text and ",8\r\n" in text


def test_every_formula_start_is_neutralised():
    for start in ["=", "+", "-", "@", "\t", "\r"]:
        assert review.csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert review.csv_cell("Plain") == "Plain"
    assert review.csv_cell(Decimal("7.0")) == Decimal("7")


# --- teacher home -----------------------------------------------------------------


def test_teacher_home_shows_waiting_due_soon_and_a_chart(teacher_client, teacher):
    assignment = build_assignment(
        teacher, prompts=1, due_at=timezone.now() + timezone.timedelta(days=1)
    )
    for _ in range(2):
        _post(enrol(assignment.classroom), assignment)
    enrol(assignment.classroom)
    html = teacher_client.get(reverse("teacher_home")).content.decode()
    assert "answers to review" in html
    assert "Due soon:" in html
    assert '<svg class="progress-chart"' in html and "<title" in html
    assert "2 of 3 answers in" in html
    assert "67%" in html
    assert reverse("assignments:review_table", args=[assignment.pk]) in html
