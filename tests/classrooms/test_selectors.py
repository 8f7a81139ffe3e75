"""The roster page's selector: search, paging, names that more than one student
carries, and the removed students under it."""

from classrooms.selectors import REMOVED_SHOWN, ROSTER_PAGE_SIZE, roster_page
from classrooms.services import enrolment_ensure, enrolment_remove
from tests.builders import StudentFactory
from tests.classrooms.conftest import students_bulk_enrol


def names(roster):
    return [row.student.username for row in roster.rows]


def test_search_finds_part_of_a_name_a_username_or_a_student_id(teacher, classroom):
    for first, last, number in [
        ("Jamal", "Brown", "S-1001"),
        ("Maya", "Okafor", ""),
        ("Leo", "Browning", "S-2002"),
    ]:
        student = StudentFactory(
            first_name=first, last_name=last, student_number=number
        )
        enrolment_ensure(classroom=classroom, student=student)
    okafor = StudentFactory(first_name="Ada", last_name="Okafor", username="ada.ok")

    def found(query):
        roster = roster_page(classroom=classroom, user=teacher, query=query)
        return sorted(row.student.last_name for row in roster.rows)

    enrolment_ensure(classroom=classroom, student=okafor)
    assert found("brown") == ["Brown", "Browning"]
    assert found("Brown, Jamal") == ["Brown"]  # every word must match
    assert found("ada.ok") == ["Okafor"]
    assert found("2002") == ["Browning"]
    assert found("  ") == ["Brown", "Browning", "Okafor", "Okafor"]
    roster = roster_page(classroom=classroom, user=teacher, query="okafor")
    assert roster.total == 4 and roster.page.paginator.count == 2


def test_a_page_holds_fifty_students_in_name_order(teacher, classroom):
    students_bulk_enrol(classroom, 120)
    first = roster_page(classroom=classroom, user=teacher)
    third = roster_page(classroom=classroom, user=teacher, page_number="3")
    assert len(first.rows) == ROSTER_PAGE_SIZE and len(third.rows) == 20
    ordered = sorted(f"Student{i}" for i in range(120))
    assert [r.student.first_name for r in third.rows] == ordered[100:]
    assert first.total == third.total == 120


def test_students_who_share_a_name_are_told_apart(teacher, classroom):
    jamals = [
        StudentFactory(
            first_name="Jamal", last_name="Brown", student_number=f"SIS-JB-{n}"
        )
        for n in range(3)
    ]
    other = StudentFactory(first_name="Jamal", last_name="Browne")
    for student in [*jamals, other]:
        enrolment_ensure(classroom=classroom, student=student)
    # One more Jamal Brown, removed from the class: no longer on the roster.
    gone = StudentFactory(first_name="Jamal", last_name="Brown")
    enrolment_remove(enrolment=enrolment_ensure(classroom=classroom, student=gone))

    roster = roster_page(classroom=classroom, user=teacher)
    same = {row.student.username: row.same_name for row in roster.rows}
    assert same == {**{j.username: 2 for j in jamals}, other.username: 0}
    # Even when a search shows only one of them, the page says there are others.
    one = roster_page(classroom=classroom, user=teacher, query="SIS-JB-2")
    assert [(r.student.student_number, r.same_name) for r in one.rows] == [
        ("SIS-JB-2", 2)
    ]


def test_removed_students_are_searched_and_counted_beyond_those_shown(
    teacher, classroom
):
    students = students_bulk_enrol(classroom, REMOVED_SHOWN + 5)
    for enrolment in classroom.enrolments.all():
        enrolment_remove(enrolment=enrolment)
    roster = roster_page(classroom=classroom, user=teacher)
    assert roster.total == 0 and roster.rows == []
    assert len(roster.removed) == REMOVED_SHOWN
    assert roster.removed_count == REMOVED_SHOWN + 5
    found = roster_page(classroom=classroom, user=teacher, query=students[42].username)
    assert [e.student for e in found.removed] == [students[42]]
    assert found.removed_count == 1


def test_another_teacher_sees_no_one(teacher, other_teacher, classroom):
    students_bulk_enrol(classroom, 3)
    roster = roster_page(classroom=classroom, user=other_teacher)
    assert roster.total == 0 and roster.rows == []
