"""The audit log: each kind of event is recorded when the real action is done
through the pages, with who, the target and the address, and no secret or answer
text in any stored row; only admins read it, in the admin, read only."""

import re

from django.urls import reverse

from accounts.models import AuditEntry
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.assignments.test_views_review import _form_data, grading_url, prompt_of
from tests.builders import PASSWORD, StaffFactory, StudentFactory

Kind = AuditEntry.Kind
ANSWER = "My secret answer about Lend-Lease, sentence 12345."
ADDRESS = "203.0.113.7"


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind))


def no_secret_in_the_log(*secrets):
    """No stored field of any audit row holds a secret (or a long part of one)."""
    for entry in AuditEntry.objects.all():
        stored = " ".join(
            str(getattr(entry, f.attname)) for f in AuditEntry._meta.concrete_fields
        )
        for secret in secrets:
            assert secret not in stored, (entry.kind, stored)


def test_sign_in_and_failed_sign_in_are_recorded_without_the_password(client, student):
    login = "/accounts/sign-in/"
    client.post(
        login,
        {"username": student.username, "password": "Wrong-Guess-77"},
        REMOTE_ADDR=ADDRESS,
    )
    # Someone types their password into the username box.
    client.post(
        login, {"username": "Hunter2-Secret", "password": "x"}, REMOTE_ADDR=ADDRESS
    )
    client.post(
        login,
        {"username": student.username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )
    failed = entries(Kind.SIGN_IN_FAILED)
    assert len(failed) == 2
    assert {e.actor for e in failed} == {student, None}
    assert all(e.address == ADDRESS for e in failed)
    [signed_in] = entries(Kind.SIGN_IN)
    assert signed_in.actor == student and signed_in.address == ADDRESS
    no_secret_in_the_log("Wrong-Guess-77", "Hunter2-Secret", PASSWORD)


def test_a_refusal_is_recorded_once(client, student, teacher):
    classroom = build_assignment(teacher).classroom
    client.force_login(student)
    response = client.get(
        reverse("classrooms:classroom_detail", args=[classroom.pk]),
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 403
    [refusal] = entries(Kind.REFUSAL)
    assert refusal.actor == student and refusal.address == ADDRESS
    assert refusal.target == "403 GET classrooms:classroom_detail"


def test_teacher_password_reset_records_ids_not_the_one_time_password(
    client, teacher, student
):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    client.force_login(teacher)
    response = client.post(
        reverse("classrooms:students_password_reset", args=[assignment.classroom.pk]),
        {"only": student.pk},
    )
    assert response.status_code in (200, 302)
    [reset] = entries(Kind.PASSWORD_RESET)
    assert reset.actor == teacher and reset.target == f"user {student.pk}"
    student.refresh_from_db()
    assert student.must_change_password
    # The one-time passwords are on the login cards only: none is in the log.
    cards = (
        client.get(response["Location"]).content.decode()
        if response.status_code == 302
        else response.content.decode()
    )
    for word in set(re.findall(r"[A-Za-z0-9-]{8,}", cards)):
        if word.lower() not in ("password", "username"):
            for entry in AuditEntry.objects.all():
                assert word not in entry.target or word.isdigit()


def test_admin_password_change_is_recorded(client, student):
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[student.pk])
    new = "Brand-New-Secret-4711"
    response = client.post(url, {"password1": new, "password2": new})
    assert response.status_code == 302
    [reset] = entries(Kind.PASSWORD_RESET)
    assert reset.actor == staff and reset.target == f"user {student.pk} (admin)"
    no_secret_in_the_log(new)


def test_a_score_change_is_recorded_without_the_answer_or_comment(
    client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1, points=10)
    enrol(assignment.classroom, student)
    answer = post_answer(student, assignment, text=ANSWER)
    client.force_login(teacher)
    data = _form_data(client, assignment, student)
    p0 = prompt_of(assignment, 0).pk
    data.update({f"score_{p0}": "7", f"comment_{p0}": "Private comment words"})
    saved = client.post(grading_url(assignment, student, "feedback_save_return"), data)
    assert saved.status_code == 302
    [change] = entries(Kind.SCORE_CHANGE)
    assert change.actor == teacher and f"answer {answer.pk}" in change.target
    no_secret_in_the_log(ANSWER, "Private comment words", "Lend-Lease")


def test_exports_are_recorded(
    client, teacher, student, django_capture_on_commit_callbacks
):
    assignment = build_assignment(teacher)
    classroom = assignment.classroom
    enrol(classroom, student)
    post_answer(student, assignment, text=ANSWER)
    client.force_login(teacher)
    csv = client.get(reverse("assignments:gradebook_csv", args=[classroom.pk]))
    assert csv.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("privacy:student_export", args=[classroom.pk, student.pk])
        )
    assert started.status_code == 302
    staff = StaffFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:lessons_unit_changelist"),
            {
                "action": "export_as_package",
                "_selected_action": [assignment.lesson.unit.pk],
            },
        )
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "export_student_data", "_selected_action": [student.pk]},
        )
    targets = {(e.actor, e.target) for e in entries(Kind.EXPORT)}
    assert targets == {
        (teacher, f"gradebook CSV, class {classroom.pk}"),
        (teacher, f"student data, user {student.pk}"),
        (staff, f"package export, units {assignment.lesson.unit.pk}"),
        (staff, f"student data, users {student.pk}"),
    }
    no_secret_in_the_log(ANSWER, student.username)


def test_erasures_are_recorded_and_the_log_follows_the_registry(client, teacher):
    assignment = build_assignment(teacher)
    kept, gone, by_teacher = StudentFactory(), StudentFactory(), StudentFactory()
    for s in (kept, gone, by_teacher):
        enrol(assignment.classroom, s)
    client.force_login(by_teacher)
    client.get(reverse("classrooms:classroom_detail", args=[assignment.classroom.pk]))
    client.force_login(teacher)
    client.post(
        reverse(
            "privacy:student_anonymise", args=[assignment.classroom.pk, by_teacher.pk]
        )
    )
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("admin:accounts_user_changelist")
    for action, person in (("anonymise_accounts", kept), ("delete_with_data", gone)):
        client.post(
            url, {"action": action, "_selected_action": [person.pk], "confirm": "yes"}
        )
    erasures = {(e.actor, e.target) for e in entries(Kind.ERASURE)}
    assert erasures == {
        (teacher, f"anonymised user {by_teacher.pk}"),
        (staff, f"anonymised user {kept.pk}"),
        (staff, f"deleted user {gone.pk}"),
    }
    # The anonymised student's refusal stays, linked to the anonymised account.
    [refusal] = entries(Kind.REFUSAL)
    assert refusal.actor == by_teacher


def test_only_admins_read_the_log_and_nobody_edits_it(client, teacher, student):
    entry = AuditEntry.objects.create(kind=Kind.SIGN_IN, actor=student, target="x")
    changelist = reverse("admin:accounts_auditentry_changelist")
    client.force_login(teacher)
    assert client.get(changelist).status_code in (302, 403, 404)
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get(changelist, {"kind__exact": "sign_in", "q": student.username})
    assert page.status_code == 200 and student.username in page.content.decode()
    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    detail = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="target"' not in detail.content.decode()
    delete = reverse("admin:accounts_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
