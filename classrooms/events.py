"""Notifications about a class: the other teachers of a class hear of a
co-teacher's changes to it."""

from django.db.models import Q

from accounts.models import User
from classrooms.models import Classroom
from notifications.models import Kind
from notifications.services import notify, notify_grouped


def class_changed_notify(classroom: Classroom, by, change: str, **params) -> None:
    """Tell the class's owner and co-teachers (except whoever made the change)."""
    if by is None:
        return
    teachers = [classroom.owner, *classroom.co_teachers.all()]
    notify(
        recipients=[t for t in teachers if t.pk != by.pk and t.is_active],
        kind=Kind.CLASS_CHANGED,
        params={
            "classroom": str(classroom),
            "actor_id": by.pk,
            "change": change,
            **params,
        },
        url=classroom.get_absolute_url(),
    )


def roster_changed_notify(
    classroom: Classroom, *, by, added: int = 0, removed: int = 0
) -> None:
    """Students added to or taken off the roster by one teacher: the class's other
    teachers get one unread line per class and teacher that keeps counting (a
    digest: 30 students added make one line, not 30)."""
    if by is None or not (added or removed):
        return
    notify_grouped(
        recipients=other_teachers(classroom, by=by),
        kind=Kind.CLASS_CHANGED,
        key=f"roster:{classroom.pk}:{by.pk}",
        params={
            "classroom": str(classroom),
            "actor_id": by.pk,
            "change": "roster",
        },
        url=classroom.get_absolute_url(),
        add={"added": added, "removed": removed},
    )


def other_teachers(classroom: Classroom, *, by) -> list[User]:
    """The class's owner and co-teachers who are active, except ``by``: one query."""
    return list(
        User.objects.filter(
            Q(pk=classroom.owner_id) | Q(co_taught_classrooms=classroom),
            is_active=True,
        )
        .exclude(pk=by.pk)
        .distinct()
        .only("pk", "email", "is_active", "language", "time_zone")
    )
