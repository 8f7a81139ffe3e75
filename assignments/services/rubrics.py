"""A teacher's rubrics: criteria tagged with historical-thinking skills, each worth a
number of points. Levels already chosen on answers feed the skill report, so a
criterion or rubric that was used to score is kept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from assignments.models import Criterion, CriterionScore, Rubric


def _criteria_required(criteria: list[dict]) -> None:
    if not criteria:
        raise ValidationError(
            _("Give the rubric at least one criterion."), code="empty"
        )


@transaction.atomic
def rubric_create(*, owner, title: str, criteria: list[dict]) -> Rubric:
    """A rubric with its criteria (each: title, description, skill, points)."""
    _criteria_required(criteria)
    rubric = Rubric(owner=owner, title=title)
    rubric.full_clean()
    rubric.save()
    for order, values in enumerate(criteria, start=1):
        criterion = Criterion(rubric=rubric, order=order, **values)
        criterion.full_clean()
        criterion.save()
    return rubric


def _criteria_dropped(
    existing: dict[int, Criterion], criteria: list[dict]
) -> list[Criterion]:
    """The criteria the form leaves out, refused when the form names one that is
    not the rubric's or leaves out one that answers were scored on."""
    kept = {values["id"] for values in criteria if values.get("id")}
    if kept - existing.keys():
        raise ValidationError(
            _("The page is out of date; reload it."), code="foreign_criterion"
        )
    dropped = [c for pk, c in existing.items() if pk not in kept]
    scored = [c.title for c in dropped if c.scores.exists()]
    if scored:
        raise ValidationError(
            _(
                "“%(titles)s” has already been used to score answers, so it cannot "
                "be removed (the skill report counts it). Keep it, or make a new "
                "rubric."
            )
            % {"titles": "”, “".join(scored)},
            code="criterion_scored",
        )
    return dropped


@transaction.atomic
def rubric_update(*, rubric: Rubric, title: str, criteria: list[dict]) -> Rubric:
    """Change a rubric's title and criteria (each: optional ``id`` of one of its
    criteria, title, description, skill, points), in the order given. A criterion
    left out is removed, unless answers were already scored on it: those levels
    feed the skill report, so it is refused with a message. Levels already chosen
    keep the points they were chosen out of."""
    _criteria_required(criteria)
    # Ordered by its own column: the default ordering joins the rubric's owner,
    # which may be empty (a shipped rubric), and PostgreSQL locks no outer join.
    existing = {c.pk: c for c in rubric.criteria.order_by("order").select_for_update()}
    dropped = _criteria_dropped(existing, criteria)
    rubric.title = title
    rubric.full_clean()
    rubric.save(update_fields=["title"])
    for criterion in dropped:
        criterion.delete()
    # Orders are unique per rubric: move the kept ones out of the way first.
    rubric.criteria.update(order=F("order") + 1000)
    for order, values in enumerate(criteria, start=1):
        values = dict(values)
        pk = values.pop("id", None)
        criterion = existing[pk] if pk else Criterion(rubric=rubric)
        for name, value in values.items():
            setattr(criterion, name, value)
        criterion.order = order
        criterion.full_clean(validate_constraints=False)
        criterion.save()
    return rubric


@transaction.atomic
def rubric_delete(*, rubric: Rubric) -> None:
    """Delete a rubric. Refused while an assignment uses it (choose another rubric
    there first) and once answers were scored on it (the skill report counts those
    levels), with a message saying which."""
    used = list(rubric.assignments.select_related("lesson", "classroom"))
    if used:
        raise ValidationError(
            _(
                "This rubric is used by %(assignments)s. Choose another rubric (or "
                "none) on their review pages first."
            )
            % {"assignments": "; ".join(str(a) for a in used)},
            code="in_use",
        )
    if CriterionScore.objects.filter(criterion__rubric=rubric).exists():
        raise ValidationError(
            _(
                "Answers were already scored with this rubric, and the skill report "
                "counts those levels, so it is kept."
            ),
            code="scored",
        )
    rubric.delete()
