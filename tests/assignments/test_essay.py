"""The document-based essay: parts saved as the student types (autosave and the
plain form), the side list, the rules warning at Submit (never blocking), versions."""

import json
import uuid

from django.urls import reverse

from assignments.essay import essay_check, essay_from_json
from assignments.models import Criterion, Response, Rubric, SubmissionVersion
from assignments.services import answers
from assignments.shipped import essay_rubric_load
from lessons.models import Prompt
from tests.assignments.conftest import build_assignment, enrol, prompt_of
from tests.assignments.test_selectors_student import ASSIGNMENT_PAGE_QUERIES
from tests.builders import StudentFactory, TeacherFactory


def essay_assignment(teacher, student, *, use=3, source=1, thesis=True):
    """Three documents, question 1 a document-based essay with these rules."""
    assignment = build_assignment(teacher, prompts=1, min_citations=0)
    Prompt.objects.filter(pk=prompt_of(assignment).pk).update(
        kind="essay",
        essay_min_documents=use,
        essay_min_sourced=source,
        essay_thesis_required=thesis,
    )
    enrol(assignment.classroom, student)
    return assignment


def _urls(assignment):
    args = [assignment.pk, prompt_of(assignment).pk]
    return {
        name: reverse(f"assignments:{name}", args=args)
        for name in ["response_save", "response_submit", "response_autosave"]
    }


def _cite(assignment, student, n, words):
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    excerpt = assignment.lesson.lesson_excerpts.order_by("order")[n].excerpt
    return answers.citation_add(
        response=response, excerpt=excerpt, paragraph=1, quotation=words
    )


def _form(citation, **extra):
    return {
        "essay_thesis": "The alliance held while Germany was a common enemy.",
        "essay_claim": ["Aid came first."],
        "essay_reasoning": ["Lend-Lease tied the economies together."],
        "essay_evidence_0": [str(citation.pk)],
        "idempotency_key": str(uuid.uuid4()),
        **extra,
    }


def test_the_plain_form_saves_the_essays_parts_and_writes_it_out(
    student_client, student, teacher
):
    assignment = essay_assignment(teacher, student)
    cited = _cite(assignment, student, 0, "lend or lease")
    excerpt_id = cited.excerpt_id
    page = student_client.post(
        _urls(assignment)["response_save"],
        _form(cited, **{f"essay_sourcing_{excerpt_id}": "Congress wrote it in 1941."}),
        follow=True,
    )
    assert "Your draft is saved." in page.content.decode()
    response = Response.objects.get(student=student)
    assert response.essay["thesis"].startswith("The alliance held")
    assert response.essay["paragraphs"][0]["evidence"] == [cited.pk]
    assert "Claim: Aid came first." in response.text
    assert "Evidence: “lend or lease” (Passage 0, ¶1)" in response.text
    html = page.content.decode()
    assert 'name="essay_claim"' in html and "Aid came first." in html
    assert "✓ used" in html


def test_add_and_remove_a_paragraph_without_javascript(
    student_client, student, teacher
):
    assignment = essay_assignment(teacher, student)
    cited = _cite(assignment, student, 0, "lend or lease")
    url = _urls(assignment)["response_save"]
    student_client.post(url, _form(cited, essay_add="1"))
    assert len(Response.objects.get(student=student).essay["paragraphs"]) == 2
    student_client.post(
        url,
        _form(cited, essay_claim=["Aid came first.", "Second"], essay_remove="0"),
    )
    paragraphs = Response.objects.get(student=student).essay["paragraphs"]
    assert [p["claim"] for p in paragraphs] == ["Second"]


def test_autosave_keeps_the_parts_and_an_older_save_changes_nothing(
    student_client, student, teacher
):
    assignment = essay_assignment(teacher, student)
    url = _urls(assignment)["response_autosave"]
    newer = {"thesis": "Newer thesis", "paragraphs": [{"claim": "C"}]}
    saved = student_client.post(
        url, {"text": json.dumps(newer), "revision": 2, "student": student.pk}
    ).json()
    assert saved["saved"] is True
    late = student_client.post(
        url,
        {"text": json.dumps({"thesis": "Old"}), "revision": 1, "student": student.pk},
    ).json()
    assert late["saved"] is False
    assert json.loads(late["text"])["thesis"] == "Newer thesis"
    assert Response.objects.get(student=student).essay["thesis"] == "Newer thesis"
    broken = student_client.post(
        url, {"text": "{not json", "revision": 3, "student": student.pk}
    )
    assert broken.status_code == 400


def test_submitting_with_a_rule_unmet_warns_naming_it_then_submits_when_confirmed(
    student_client, student, teacher
):
    assignment = essay_assignment(teacher, student, use=3, source=0)
    first = _cite(assignment, student, 0, "lend or lease")
    _cite(assignment, student, 1, "The Soviet Union shall enter the war")
    url = _urls(assignment)["response_submit"]
    warned = student_client.post(url, _form(first), follow=True).content.decode()
    assert "Rule: use at least 3 of the 3 documents. Your essay uses 2." in warned
    assert "Submit anyway" in warned
    assert not SubmissionVersion.objects.exists()

    key = str(uuid.uuid4())
    for _ in range(2):  # a double click: one version
        student_client.post(url, _form(first, essay_confirmed="1", idempotency_key=key))
    version = SubmissionVersion.objects.get()
    assert version.essay["paragraphs"][0]["passages"] == [1]
    assert version.text.startswith("Thesis: The alliance held")


def test_an_essay_meeting_its_rules_submits_at_once(student_client, student, teacher):
    assignment = essay_assignment(teacher, student, use=1, source=1)
    cited = _cite(assignment, student, 0, "lend or lease")
    sourcing = {
        f"essay_sourcing_{cited.excerpt_id}": "Congress passed it in March 1941 to arm Britain."
    }
    page = student_client.post(
        _urls(assignment)["response_submit"], _form(cited, **sourcing), follow=True
    ).content.decode()
    assert "Your answer is submitted (version 1)" in page
    assert "Submit anyway" not in page


def test_the_rules_count_documents_used_and_sourcing_sentences(teacher, student):
    assignment = essay_assignment(teacher, student, use=2, source=2)
    prompt = prompt_of(assignment)
    docs = [(1, "A"), (2, "B"), (3, "C")]
    essay = essay_from_json(
        {
            "sourcing": {
                "1": "Too short.",
                "2": "Written by the Soviet press for its readers.",
            }
        }
    )
    check = essay_check(prompt, essay, documents=docs, cited_excerpts={1, 2})
    assert (check.used, check.sourced) == (2, 1)
    assert check.unmet == (
        "Rule: a thesis is required. Your essay has none yet.",
        "Rule: source at least 2 documents you use. Your essay sources 1.",
    )


def test_another_students_essay_is_not_theirs_to_save(client, teacher, student):
    assignment = essay_assignment(teacher, student)
    stranger = StudentFactory()
    client.force_login(stranger)
    answer = client.post(
        _urls(assignment)["response_autosave"],
        {"text": "{}", "revision": 1, "student": stranger.pk},
    )
    assert answer.status_code == 404
    page = reverse("assignments:assignment_detail", args=[assignment.pk])
    assert client.get(page).status_code == 404


def _submitted(client, assignment, student):
    first = _cite(assignment, student, 0, "lend or lease")
    _cite(assignment, student, 1, "The Soviet Union shall enter the war")
    client.post(_urls(assignment)["response_submit"], _form(first, essay_confirmed="1"))
    return first


def test_grading_marks_every_cited_passage_in_its_document(client, teacher, student):
    assignment = essay_assignment(teacher, student, use=3, source=0)
    client.force_login(student)
    _submitted(client, assignment, student)
    client.force_login(teacher)
    url = reverse("assignments:grading", args=[assignment.pk, student.pk])
    html = client.get(url).content.decode()
    prompt = prompt_of(assignment)
    assert html.count('class="cited-passage"') == 2
    assert f'id="passage-{prompt.pk}-1"' in html
    assert f'href="#passage-{prompt.pk}-1"' in html  # paragraph 1's evidence
    assert "Document 1: Passage 0" in html and "Document 2: Passage 1" in html
    assert "Documents not used: Passage 2" in html
    assert "Rule: use at least 3 of the 3 documents. Your essay uses 2." in html


def test_another_teachers_class_essay_is_not_found(client, teacher, student):
    assignment = essay_assignment(teacher, student)
    client.force_login(student)
    _submitted(client, assignment, student)
    client.force_login(TeacherFactory())
    url = reverse("assignments:grading", args=[assignment.pk, student.pk])
    assert client.get(url).status_code == 404


def test_the_shipped_rubric_is_every_teachers_to_use_not_to_change(
    client, teacher, student
):
    rubric = essay_rubric_load(Rubric, Criterion)
    assert essay_rubric_load(Rubric, Criterion) == rubric  # idempotent
    assert Rubric.objects.filter(slug=rubric.slug).count() == 1
    assert [c.title for c in rubric.criteria.order_by("order")] == [
        "Thesis",
        "Contextualisation",
        "Evidence from the documents",
        "Sourcing",
        "Complexity",
    ]
    client.force_login(teacher)
    listed = client.get(reverse("assignments:rubric_list")).content.decode()
    assert "Document-based essay" in listed
    assert "Shipped with the portal, for every teacher" in listed
    assert reverse("assignments:rubric_edit", args=[rubric.pk]) not in listed
    assert (
        client.get(reverse("assignments:rubric_edit", args=[rubric.pk])).status_code
        == 404
    )
    assignment = essay_assignment(teacher, student)
    chosen = client.post(
        reverse("assignments:assignment_rubric", args=[assignment.pk]),
        {"rubric": rubric.pk},
    )
    assert chosen.status_code == 302
    assignment.refresh_from_db()
    assert assignment.rubric_id == rubric.pk


def test_an_essay_costs_the_assignment_page_no_extra_query(
    client, teacher, student, django_assert_max_num_queries
):
    assignment = essay_assignment(teacher, student)
    client.force_login(student)
    _submitted(client, assignment, student)
    page = reverse("assignments:assignment_detail", args=[assignment.pk])
    client.get(page)  # warm the session and caches
    with django_assert_max_num_queries(ASSIGNMENT_PAGE_QUERIES):
        assert "Documents and rules" in client.get(page).content.decode()
