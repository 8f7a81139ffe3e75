"""Who may see and change which units.

- Owners and co-authors see and edit their units, draft or published.
- Every teacher sees (and may copy) a published unit.
- A shared unit (no owner, such as the shipped one) is edited by admins only.
- Students never reach units here: the access table refuses them, and these
  filters return nothing for them too.
Another teacher's draft is out of sight: fetching it answers 404, as a missing one does.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from lessons.models import Lesson, LessonExcerpt, Prompt, Unit


def can_author(user) -> bool:
    """Teachers and admins author units."""
    return bool(user.is_authenticated and (user.is_teacher or user.is_staff))


def _co_authored(user) -> QuerySet:
    return Unit.co_authors.through.objects.filter(user=user).values("unit_id")


def _editable_q(user) -> Q:
    q = Q(owner=user) | Q(pk__in=_co_authored(user))
    if user.is_staff:
        q |= Q(owner__isnull=True)
    return q


def units_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Units the viewer may open: their own, co-authored, and published ones."""
    queryset = Unit.objects.all() if queryset is None else queryset
    if not can_author(user):
        return queryset.none()
    return queryset.filter(_editable_q(user) | Q(status=Unit.Status.PUBLISHED))


def units_editable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """Units the viewer may change: owned or co-authored (shared ones: admins)."""
    queryset = Unit.objects.all() if queryset is None else queryset
    if not can_author(user):
        return queryset.none()
    return queryset.filter(_editable_q(user))


def can_view_unit(user, unit: Unit) -> bool:
    """Owner, co-author, admin for a shared unit, or any teacher once published."""
    return units_visible_to(user).filter(pk=unit.pk).exists()


def can_edit_unit(user, unit: Unit) -> bool:
    """Owner and co-authors; admins for a shared unit."""
    if not can_author(user):
        return False
    if unit.owner_id is None:
        return bool(user.is_staff)
    if unit.owner_id == user.pk:
        return True
    return unit.co_authors.filter(pk=user.pk).exists()


def can_administer_unit(user, unit: Unit) -> bool:
    """Only the owner (an admin, for a shared unit) deletes a unit and chooses its
    co-authors."""
    if unit.owner_id is None:
        return bool(user.is_staff)
    return unit.owner_id == user.pk


def can_copy_unit(user, unit: Unit) -> bool:
    """Anyone who can see a unit may copy it (a published one, or their own)."""
    return can_view_unit(user, unit)


def excerpts_in_units_visible_to(user) -> QuerySet:
    """Ids of the excerpts placed in lessons of the units the viewer may open (a
    co-author reads the pictures of the unit's passages, whoever added them)."""
    return LessonExcerpt.objects.filter(lesson__unit__in=units_visible_to(user)).values(
        "excerpt_id"
    )


def get_unit_for_user_or_404(user, pk: int, *, edit: bool = False) -> Unit:
    scope = units_editable_by(user) if edit else units_visible_to(user)
    return get_object_or_404(scope.select_related("owner"), pk=pk)


def get_lesson_for_user_or_404(user, pk: int, *, edit: bool = False) -> Lesson:
    units = units_editable_by(user) if edit else units_visible_to(user)
    return get_object_or_404(
        Lesson.objects.select_related("unit", "unit__owner").filter(unit__in=units),
        pk=pk,
    )


def get_lesson_excerpt_for_user_or_404(user, pk: int) -> LessonExcerpt:
    """A lesson excerpt in a unit the viewer edits."""
    return get_object_or_404(
        LessonExcerpt.objects.select_related("lesson", "lesson__unit").filter(
            lesson__unit__in=units_editable_by(user)
        ),
        pk=pk,
    )


def get_prompt_for_user_or_404(user, pk: int) -> Prompt:
    """A prompt in a unit the viewer edits."""
    return get_object_or_404(
        Prompt.objects.select_related("lesson", "lesson__unit").filter(
            lesson__unit__in=units_editable_by(user)
        ),
        pk=pk,
    )
