"""Notifications about a class: the other teachers of a class hear of a
co-teacher's changes to it."""

from classrooms.models import Classroom
from notifications.models import Kind
from notifications.services import notify


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
