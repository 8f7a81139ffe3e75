"""The assignment page's fetch() endpoints: autosave and cite."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assignments.models import Response
from classrooms.models import Enrolment
from classrooms.services import classroom_archive, enrolment_remove
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of


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


def test_autosave_answers_json_when_signed_out_or_not_a_student(
    client, teacher, assignment
):
    url = _urls(assignment, prompt_of(assignment))["autosave"]
    anonymous = client.post(url, {"text": "keep me", "revision": 1})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "signed_out"
    client.force_login(teacher)
    assert client.post(url, {"text": "x", "revision": 1}).status_code == 403


def test_autosave_keeps_the_newest_text(student_client, student, assignment):
    url = _urls(assignment, prompt_of(assignment))["autosave"]
    first = student_client.post(url, {"text": "newest", "revision": 3}).json()
    assert first["saved"] and first["saved_at_label"]
    stale = student_client.post(url, {"text": "older", "revision": 2}).json()
    assert stale == {**stale, "saved": False, "revision": 3}
    assert Response.objects.get(student=student).text == "newest"


def test_autosave_refuses_overlong_text_with_a_message(
    student_client, student, assignment
):
    url = _urls(assignment, prompt_of(assignment))["autosave"]
    student_client.post(url, {"text": "short", "revision": 1})
    too_long = student_client.post(url, {"text": "x" * 20_001, "revision": 2})
    assert too_long.status_code == 400
    assert "the limit is 20000" in too_long.json()["message"]
    assert Response.objects.get(student=student).text == "short"


def test_autosave_answers_with_the_new_badge_or_with_the_newer_text(
    student_client, assignment
):
    url = _urls(assignment)["autosave"]
    saved = student_client.post(url, {"text": "Begun", "revision": 1}).json()
    assert saved["saved"] is True and "Draft" in saved["state_html"]
    late = student_client.post(url, {"text": "Older", "revision": 1}).json()
    assert late["saved"] is False and late["text"] == "Begun"


def test_cite_endpoint_checks_the_quotation(student_client, assignment):
    url = _urls(assignment, prompt_of(assignment))["cite"]
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    ok = student_client.post(
        url, {"excerpt": excerpt.pk, "paragraph": 1, "quotation": "LEND  or lease"}
    )
    assert ok.status_code == 200 and "¶1" in ok.json()["html"]
    wrong = student_client.post(
        url, {"excerpt": excerpt.pk, "paragraph": 1, "quotation": "words never written"}
    )
    assert wrong.status_code == 400
    assert "not in ¶1" in wrong.json()["message"]


# What a save costs once the answer exists: the session and the signed-in user,
# the answer with its question and latest version (the assignment's rule in the
# same query), and the save itself; a save arriving late is answered from the
# answer read, one fewer. A class saving every few seconds while typing is the
# portal's busiest traffic.
AUTOSAVE_QUERIES = 4


def test_autosave_of_a_begun_answer_costs_the_same_few_queries(
    student_client, student, assignment, django_assert_num_queries
):
    url = _urls(assignment)["autosave"]
    assert student_client.post(url, {"text": "Begun", "revision": 1}).json()["saved"]
    post_answer(student, assignment, "Submitted once.")
    for revision, saved, cap in [
        (5, True, AUTOSAVE_QUERIES),
        (4, False, AUTOSAVE_QUERIES - 1),
    ]:
        with django_assert_num_queries(cap):
            answer = student_client.post(url, {"text": "Go on", "revision": revision})
        assert answer.json()["saved"] is saved
    assert (
        "Submitted"
        in student_client.post(url, {"text": "Go on", "revision": 6}).json()[
            "state_html"
        ]
    )


def test_autosave_and_page_answer_404_outside_the_students_current_class(
    client, teacher, student
):
    """The one join that finds the student's enrolment keeps the rule: an
    assignment not yet available, a class archived or left answers as missing."""
    later = build_assignment(
        teacher, available_from=timezone.now() + timedelta(hours=1)
    )
    archived, left = build_assignment(teacher), build_assignment(teacher)
    for assignment in (later, archived, left):
        enrol(assignment.classroom, student)
    classroom_archive(classroom=archived.classroom)
    enrolment_remove(
        enrolment=Enrolment.objects.get(student=student, classroom=left.classroom)
    )
    client.force_login(student)
    for assignment in (later, archived, left):
        urls = _urls(assignment)
        assert client.get(urls["page"]).status_code == 404
        saved = client.post(urls["autosave"], {"text": "x", "revision": 1})
        assert saved.status_code == 404
    assert not Response.objects.filter(student=student).exists()


def test_autosave_into_a_begun_answer_keeps_the_assignments_rule(
    client, teacher, student
):
    """An answer already begun is saved into through one query of its own: it
    keeps the rule of the assignment's (not yet available again, class archived,
    class left: 404, nothing written) and of the answer's (another student's save
    goes into their own answer; a prompt of another lesson is a 404)."""
    cases = [build_assignment(teacher) for _ in range(4)]
    for assignment in cases:
        enrol(assignment.classroom, student)
    client.force_login(student)
    for assignment in cases:
        url = _urls(assignment)["autosave"]
        assert client.post(url, {"text": "Begun", "revision": 1}).json()["saved"]
    later, archived, left, open_ = cases
    later.available_from = timezone.now() + timedelta(hours=1)
    later.save(update_fields=["available_from"])
    classroom_archive(classroom=archived.classroom)
    enrolment_remove(
        enrolment=Enrolment.objects.get(student=student, classroom=left.classroom)
    )
    for assignment in (later, archived, left):
        sent = client.post(_urls(assignment)["autosave"], {"text": "x", "revision": 2})
        assert sent.status_code == 404
    foreign = _urls(open_, prompt_of(later))["autosave"]
    assert client.post(foreign, {"text": "x", "revision": 2}).status_code == 404
    classmate = enrol(open_.classroom)
    client.force_login(classmate)
    mine = client.post(_urls(open_)["autosave"], {"text": "Mine", "revision": 2})
    assert mine.json()["saved"]
    assert Response.objects.get(student=classmate).text == "Mine"
    assert set(
        Response.objects.filter(student=student).values_list("text", flat=True)
    ) == {"Begun"}


def test_autosave_to_ids_no_database_holds_is_a_404(student_client, assignment):
    prompt = prompt_of(assignment).pk
    huge = 10**23
    for pk, prompt_pk in [(huge, prompt), (assignment.pk, huge), (2**40, prompt)]:
        url = reverse("assignments:response_autosave", args=[pk, prompt_pk])
        sent = student_client.post(url, {"text": "x", "revision": 1})
        assert sent.status_code == 404
