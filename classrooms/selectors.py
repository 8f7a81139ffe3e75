from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from accounts.models import User
from classrooms.models import Classroom, Enrolment, Group
from classrooms.permissions import classrooms_managed_by, enrolments_managed_by
from portal.search import search_words

# A page of the roster: enough to see a period at a glance, few enough that a
# school-sized class (1,000) renders as fast as a small one.
ROSTER_PAGE_SIZE = 50
# Removed students listed under the roster (the rest are found by searching).
REMOVED_SHOWN = 50

ACTIVE = Q(enrolments__removed_at__isnull=True)


def classrooms_for_teacher(*, user, archived: bool = False) -> QuerySet[Classroom]:
    """Classes a teacher owns or co-teaches, with their number of (current) students."""
    return (
        classrooms_managed_by(user)
        .filter(archived_at__isnull=not archived)
        .select_related("owner")
        .annotate(student_count=Count("enrolments", filter=ACTIVE, distinct=True))
        .order_by("name", "section", "pk")
    )


def classrooms_for_student(*, user) -> QuerySet[Classroom]:
    """Classes a student is in now (not removed from, not archived), with what
    their list shows (classrooms/_my_class_list.html): the class's name, section
    and school year, and its teacher's name."""
    return (
        Classroom.objects.filter(
            enrolments__student=user,
            enrolments__removed_at__isnull=True,
            archived_at__isnull=True,
        )
        .select_related("owner")
        .only(
            "name",
            "section",
            "school_year",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
        )
        .order_by("name", "section", "pk")
    )


def roster_for_classroom(
    *, classroom: Classroom, user, removed: bool = False
) -> QuerySet[Enrolment]:
    """The students of a class the viewer manages (or those removed from it), each
    with their account, in one query however large the class."""
    return (
        enrolments_managed_by(user)
        .filter(classroom=classroom, removed_at__isnull=not removed)
        .select_related("student", "group")
        .order_by("student__last_name", "student__first_name", "student__username")
    )


# The roster's group filter: a group's id, or this for the students in none.
NO_GROUP = "none"


def _roster_group(qs: QuerySet[Enrolment], group: str) -> QuerySet[Enrolment]:
    if group == NO_GROUP:
        return qs.filter(group__isnull=True)
    if group.isdigit():
        return qs.filter(group_id=int(group))
    return qs


def groups_of_classroom(*, classroom: Classroom) -> list[Group]:
    """The class's groups by name, each with its number of current students
    (``size``), in one query."""
    return list(
        classroom.groups.annotate(
            size=Count(
                "enrolments",
                filter=Q(enrolments__removed_at__isnull=True),
                distinct=True,
            )
        ).order_by("name", "pk")
    )


def _roster_search(qs: QuerySet[Enrolment], query: str) -> QuerySet[Enrolment]:
    """Every word of the query in the student's first or last name, username or
    student ID (any case, any part)."""
    for word in search_words(query):
        qs = qs.filter(
            Q(student__first_name__icontains=word)
            | Q(student__last_name__icontains=word)
            | Q(student__username__icontains=word)
            | Q(student__student_number__icontains=word)
        )
    return qs


@dataclass(frozen=True)
class RosterRow:
    enrolment: Enrolment
    student: User
    # How many other students on the roster have exactly this first and last name
    # (0 for most): the page then says so beside the name.
    same_name: int


@dataclass(frozen=True)
class RosterPage:
    rows: list[RosterRow]
    page: Page
    query: str
    # Current students in the class, whatever the search.
    total: int
    has_student_ids: bool
    removed: list[Enrolment]
    removed_count: int
    # The class's groups (for the filter) and the one chosen ("" for all).
    groups: list[Group]
    group: str


def roster_page(
    *, classroom: Classroom, user, query: str = "", page_number=1, group: str = ""
) -> RosterPage:
    """One page of a class's roster (optionally searched), the names on it shared
    with another student, and the students removed from the class: the same few
    queries for a class of 10 or of 1,000."""
    current = roster_for_classroom(classroom=classroom, user=user)
    total = current.count()
    matching = _roster_search(current, query) if query.strip() else current
    matching = _roster_group(matching, group)
    paginator = Paginator(matching, ROSTER_PAGE_SIZE)
    if matching is current:
        paginator.count = total  # already counted: one query fewer
    page = paginator.get_page(page_number)
    enrolments = list(page.object_list)
    shared = _names_shared(current, enrolments)
    removed_qs = _roster_search(
        roster_for_classroom(classroom=classroom, user=user, removed=True), query
    )
    removed = list(removed_qs[: REMOVED_SHOWN + 1])
    return RosterPage(
        rows=[
            RosterRow(
                enrolment=e,
                student=e.student,
                same_name=shared.get(_name_key(e.student), 1) - 1,
            )
            for e in enrolments
        ],
        page=page,
        query=query.strip(),
        total=total,
        has_student_ids=any(e.student.student_number for e in enrolments),
        removed=removed[:REMOVED_SHOWN],
        removed_count=(
            len(removed) if len(removed) <= REMOVED_SHOWN else removed_qs.count()
        ),
        groups=groups_of_classroom(classroom=classroom),
        group=group if group == NO_GROUP or group.isdigit() else "",
    )


def _name_key(student: User) -> tuple[str, str]:
    return (student.first_name, student.last_name)


def _names_shared(
    current: QuerySet[Enrolment], enrolments: list[Enrolment]
) -> dict[tuple[str, str], int]:
    """How many current students carry each name on this page that more than one
    student carries (one grouped query over the page's surnames)."""
    surnames = {e.student.last_name for e in enrolments}
    if not surnames:
        return {}
    rows = (
        current.filter(student__last_name__in=surnames)
        .order_by()
        .values_list("student__first_name", "student__last_name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    return {(first, last): n for first, last, n in rows}


# --- accommodations -----------------------------------------------------------------


@dataclass(frozen=True)
class Accommodations:
    """What a student's teacher set for them in one class (none: the defaults)."""

    extra_days: int = 0
    extra_percent: int = 0
    first_version: str = ""
    read_aloud: bool = False


def accommodations_for(*, student, classroom_id: int) -> Accommodations:
    """The student's accommodations in a class they are on the roster of. One
    query; the defaults for anyone else (a teacher previewing, a removed student)."""
    row = (
        Enrolment.objects.filter(
            classroom_id=classroom_id, student=student, removed_at__isnull=True
        )
        .values_list("extra_days", "extra_percent", "first_version", "read_aloud")
        .first()
    )
    return Accommodations(*row) if row else Accommodations()
