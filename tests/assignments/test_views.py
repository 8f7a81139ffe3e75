"""Assignment pages as students and teachers use them."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments import services
from assignments.models import Assignment, Reply, Response, SubmissionVersion
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory


def _prompt(assignment, n=0):
    return assignment.lesson.prompts.order_by("order")[n]


def _urls(assignment, prompt):
    args = [assignment.pk, prompt.pk]
    return {
        "page": reverse("assignments:assignment_detail", args=[assignment.pk]),
        "update": reverse("assignments:response_update", args=args),
        "autosave": reverse("assignments:response_autosave", args=args),
        "cite": reverse("assignments:citation_create", args=args),
        "discussion": reverse("assignments:discussion", args=args),
    }


def _post_answer(student, assignment, text, n=0):
    """A student's submitted answer, with one citation, through the services."""
    prompt = _prompt(assignment, n)
    response = services.response_get_or_create(
        assignment=assignment, prompt=prompt, student=student
    )
    services.response_draft_save(response=response, text=text, revision=1)
    services.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.first().excerpt,
        paragraph=1,
        quotation="lend or lease",
    )
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
    return response


def test_student_of_another_class_gets_404_everywhere(client, teacher, assignment):
    outsider = StudentFactory()
    enrol(build_assignment(teacher).classroom, outsider)
    classmate = enrol(assignment.classroom)
    answer = _post_answer(classmate, assignment, "Classmate's words.")
    client.force_login(outsider)
    urls = _urls(assignment, _prompt(assignment))
    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["discussion"]).status_code == 404
    assert (
        client.post(urls["update"], {"text": "x", "action": "save"}).status_code == 404
    )
    saved = client.post(urls["autosave"], {"text": "x", "revision": 5})
    assert saved.status_code == 404 and saved.json()["error"] == "not_found"
    assert client.post(urls["cite"], {"excerpt": 1, "paragraph": 1}).status_code == 404
    reply_url = reverse("assignments:reply_create", args=[answer.pk])
    assert client.post(reply_url, {"text": "hi"}).status_code == 404
    assert not Response.objects.filter(student=outsider).exists()


def test_removed_student_loses_access(client, assignment, student):
    from classrooms.models import Enrolment
    from classrooms.services import enrolment_remove

    enrolment_remove(enrolment=Enrolment.objects.get(student=student))
    client.force_login(student)
    assert client.get(_urls(assignment, _prompt(assignment))["page"]).status_code == 404


def test_classmates_answers_hidden_until_the_student_posts(
    student_client, student, assignment
):
    _post_answer(enrol(assignment.classroom), assignment, "Classmate's secret claim.")
    urls = _urls(assignment, _prompt(assignment))
    before = student_client.get(urls["discussion"])
    assert before.status_code == 200
    assert "Classmate's secret claim." not in before.content.decode()
    assert "Submit your own answer to this question first" in before.content.decode()
    _post_answer(student, assignment, "My own claim.")
    after = student_client.get(urls["discussion"]).content.decode()
    assert "Classmate&#x27;s secret claim." in after
    assert "lend or lease" in after  # their cited evidence


def test_never_keeps_answers_private_and_always_opens_them(
    student_client, student, teacher
):
    for visibility, visible in [("never", False), ("always", True)]:
        assignment = build_assignment(teacher, discussion_visibility=visibility)
        enrol(assignment.classroom, student)
        _post_answer(enrol(assignment.classroom), assignment, f"Answer {visibility}.")
        if visibility == "never":
            _post_answer(student, assignment, "Mine.")
        page = student_client.get(_urls(assignment, _prompt(assignment))["discussion"])
        assert (f"Answer {visibility}." in page.content.decode()) is visible


def test_classmates_are_named_by_first_name_and_initial(
    student_client, student, assignment
):
    classmate = enrol(
        assignment.classroom, StudentFactory(first_name="Ada", last_name="Lovelace")
    )
    _post_answer(classmate, assignment, "<b>bold</b> claim")
    _post_answer(student, assignment, "Mine.")
    page = student_client.get(
        _urls(assignment, _prompt(assignment))["discussion"]
    ).content.decode()
    assert "Ada L." in page and "Lovelace" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in page  # HTML shown as text


def test_autosave_answers_json_when_signed_out_or_not_a_student(
    client, teacher, assignment
):
    url = _urls(assignment, _prompt(assignment))["autosave"]
    anonymous = client.post(url, {"text": "keep me", "revision": 1})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "signed_out"
    client.force_login(teacher)
    assert client.post(url, {"text": "x", "revision": 1}).status_code == 403


def test_autosave_keeps_the_newest_text(student_client, student, assignment):
    url = _urls(assignment, _prompt(assignment))["autosave"]
    first = student_client.post(url, {"text": "newest", "revision": 3}).json()
    assert first["saved"] and first["saved_at_label"]
    stale = student_client.post(url, {"text": "older", "revision": 2}).json()
    assert stale == {**stale, "saved": False, "revision": 3}
    assert Response.objects.get(student=student).text == "newest"


def test_autosave_refuses_overlong_text_with_a_message(
    student_client, student, assignment
):
    url = _urls(assignment, _prompt(assignment))["autosave"]
    student_client.post(url, {"text": "short", "revision": 1})
    too_long = student_client.post(url, {"text": "x" * 20_001, "revision": 2})
    assert too_long.status_code == 400
    assert "the limit is 20000" in too_long.json()["message"]
    assert Response.objects.get(student=student).text == "short"


def test_cite_endpoint_checks_the_quotation(student_client, assignment):
    url = _urls(assignment, _prompt(assignment))["cite"]
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


def test_form_without_javascript_saves_cites_and_submits_once(
    student_client, student, assignment
):
    urls = _urls(assignment, _prompt(assignment))
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    cited = student_client.post(
        urls["update"],
        {
            "text": "Draft\x00 kept",
            "action": "cite",
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
            urls["update"],
            {"text": "Final answer", "action": "submit", "idempotency_key": key},
        )
    response = Response.objects.get(student=student)
    assert response.text == "Final answer"
    assert SubmissionVersion.objects.filter(response=response).count() == 1


def test_bad_input_gets_a_message_and_keeps_the_text(
    student_client, student, assignment
):
    urls = _urls(assignment, _prompt(assignment))
    empty = student_client.post(urls["update"], {"text": "   ", "action": "submit"})
    assert empty.status_code == 200
    assert "Write your answer before submitting it." in empty.content.decode()
    missing = student_client.post(
        urls["update"], {"text": "<script>x</script> claim", "action": "submit"}
    )
    page = missing.content.decode()
    assert "needs at least 1 cited passage" in page
    assert "&lt;script&gt;x&lt;/script&gt; claim" in page  # still in the box, as text
    too_long = student_client.post(
        urls["update"], {"text": "y" * 20_010, "action": "save"}
    )
    assert too_long.status_code == 200
    assert "Shorten it by 10 characters" in too_long.content.decode()
    assert "y" * 20_010 in too_long.content.decode()  # the text is given back
    assert Response.objects.get(student=student).text == "<script>x</script> claim"


def test_teacher_hides_a_reply_and_students_stop_seeing_it(
    client, teacher, student, assignment
):
    answer = _post_answer(student, assignment, "Mine.")
    classmate = enrol(assignment.classroom)
    _post_answer(classmate, assignment, "Theirs.")
    reply = services.reply_create(response=answer, author=classmate, text="Rude words")
    client.force_login(teacher)
    url = _urls(assignment, _prompt(assignment))["discussion"]
    assert "Rude words" in client.get(url).content.decode()
    client.post(reverse("assignments:reply_hide", args=[reply.pk]), {"hidden": "1"})
    assert Reply.objects.get(pk=reply.pk).is_hidden
    client.force_login(student)
    assert "Rude words" not in client.get(url).content.decode()


def test_student_replies_and_edits_within_the_window(client, student, assignment):
    classmate = enrol(assignment.classroom)
    answer = _post_answer(classmate, assignment, "Theirs.")
    _post_answer(student, assignment, "Mine.")
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


def test_todo_list_sorts_assignments(student_client, student, teacher):
    due = build_assignment(teacher)
    enrol(due.classroom, student)
    overdue = build_assignment(
        teacher,
        classroom=due.classroom,
        available_from=timezone.now() - timedelta(days=5),
        due_at=timezone.now() - timedelta(days=1),
    )
    done = build_assignment(teacher, classroom=due.classroom, prompts=1)
    _post_answer(student, done, "Done.")
    returned = build_assignment(teacher, classroom=due.classroom, prompts=1)
    services.response_return(response=_post_answer(student, returned, "Back."))
    future = build_assignment(
        teacher,
        classroom=due.classroom,
        available_from=timezone.now() + timedelta(days=1),
        due_at=timezone.now() + timedelta(days=3),
    )
    Assignment.objects.filter(pk=overdue.pk).update()
    page = student_client.get(reverse("student_todo")).content.decode()

    def section(name):
        found = re.search(rf'id="todo-{name}".*?</section>', page, re.S)
        return found.group(0) if found else ""

    detail = lambda a: reverse("assignments:assignment_detail", args=[a.pk])  # noqa: E731
    assert detail(overdue) in section("overdue")
    assert detail(due) in section("due")
    assert detail(done) in section("submitted")
    assert detail(returned) in section("returned")
    assert detail(future) not in page  # not available yet


def test_teacher_assigns_a_lesson_to_two_classes(teacher_client, teacher):
    from classrooms.services import classroom_create

    lesson = build_assignment(teacher).lesson
    a = classroom_create(owner=teacher, name="World history", section="P3")
    b = classroom_create(owner=teacher, name="World history", section="P4")
    response = teacher_client.post(
        reverse("assignments:assignment_create"),
        {
            "lesson": lesson.pk,
            "classrooms": [a.pk, b.pk],
            "available_from": "2030-03-01T08:00",
            "due_at": "2030-03-05T15:30",
            "points": 20,
            "late_work_allowed": "on",
            "discussion_visibility": "after_posting",
            "instructions": "Read, then answer.",
        },
    )
    assert response.status_code == 302
    made = Assignment.objects.filter(classroom__in=[a, b])
    assert made.count() == 2
    due = timezone.localtime(made.first().due_at)
    assert (due.hour, due.minute) == (15, 30)  # school time


def test_teacher_of_another_class_gets_404(client, other_teacher, assignment):
    client.force_login(other_teacher)
    for name in ["assignment_manage", "assignment_edit"]:
        assert (
            client.get(reverse(f"assignments:{name}", args=[assignment.pk])).status_code
            == 404
        )
    url = _urls(assignment, _prompt(assignment))["discussion"]
    assert client.get(url).status_code == 404


def test_teacher_changes_dates_and_closes(teacher_client, assignment):
    edit = reverse("assignments:assignment_edit", args=[assignment.pk])
    teacher_client.post(
        edit,
        {
            "available_from": "2030-01-01T08:00",
            "due_at": "2030-01-10T08:00",
            "points": 5,
            "discussion_visibility": "always",
        },
    )
    assignment.refresh_from_db()
    assert assignment.points == 5 and not assignment.late_work_allowed
    teacher_client.post(reverse("assignments:assignment_close", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.is_closed


def _page_queries(client, assignment):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(
            reverse("assignments:assignment_detail", args=[assignment.pk])
        )
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_assignment_page_queries_do_not_grow_with_class_or_replies(client, teacher):
    small = build_assignment(teacher)  # 3 excerpts, 4 prompts
    big = build_assignment(teacher)
    counts = []
    for assignment, size in [(small, 2), (big, 30)]:
        me = enrol(assignment.classroom)
        mine = _post_answer(me, assignment, "Mine.")
        for n in range(size):
            other = enrol(assignment.classroom)
            for k in range(4):
                answer = _post_answer(other, assignment, f"Answer {n}", n=k)
                services.reply_create(response=mine, author=other, text="Reply")
                services.reply_create(response=answer, author=me, text="Reply")
        client.force_login(me)
        counts.append(_page_queries(client, assignment))
    assert counts[0] == counts[1]


def test_discussion_queries_do_not_grow_with_replies(client, teacher):
    counts = []
    for size in [2, 25]:
        assignment = build_assignment(teacher)
        me = enrol(assignment.classroom)
        _post_answer(me, assignment, "Mine.")
        for _ in range(size):
            other = enrol(assignment.classroom)
            answer = _post_answer(other, assignment, "Theirs.")
            services.reply_create(response=answer, author=me, text="Reply")
        client.force_login(me)
        url = _urls(assignment, _prompt(assignment))["discussion"]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", ["student_todo"])
def test_todo_queries_do_not_grow(client, teacher, name):
    counts = []
    for n in [1, 8]:
        student = StudentFactory()
        for _ in range(n):
            enrol(build_assignment(teacher, prompts=2).classroom, student)
        client.force_login(student)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse(name))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
