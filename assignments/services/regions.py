"""Evidence from a picture: a student cites a rectangle of an image excerpt of the
lesson, with a few words on what it shows."""

import math

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assignments.models import (
    MAX_REGION_DESCRIPTION_CHARS,
    MIN_REGION_SHARE,
    REGION_DECIMALS,
    Citation,
    Response,
)
from assignments.services.answers import source_first_check
from assignments.text import clean_text
from sources.models import Excerpt

Region = tuple[float, float, float, float]


def region_checked(left, top, width, height) -> Region:
    """The rectangle (shares of the picture's width and height), rounded, refused
    unless it lies inside the picture and is not a mere dot."""
    try:
        values = [round(float(v), REGION_DECIMALS) for v in (left, top, width, height)]
    except (TypeError, ValueError):
        values = [math.nan]
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValidationError(
            _("The page sent a broken region; mark it again."), code="bad_region"
        )
    left, top, width, height = values
    if width < MIN_REGION_SHARE or height < MIN_REGION_SHARE:
        raise ValidationError(
            _("The region is too small to show anything; make it larger."),
            code="region_too_small",
        )
    if left < 0 or top < 0 or left + width > 1 or top + height > 1:
        raise ValidationError(
            _("The region goes past the edge of the picture; keep it inside."),
            code="region_outside",
        )
    return left, top, width, height


def _lesson_picture(response: Response, excerpt: Excerpt) -> None:
    if not response.assignment.lesson.lesson_excerpts.filter(excerpt=excerpt).exists():
        raise ValidationError(
            _("That excerpt is not part of this lesson."), code="foreign_excerpt"
        )
    source_first_check(response, excerpt)
    if not excerpt.is_image:
        raise ValidationError(
            _("Only a picture has regions; quote the words of a passage instead."),
            code="not_a_picture",
        )


@transaction.atomic
def region_cite_add(
    *, response: Response, excerpt: Excerpt, region, description: str
) -> Citation:
    """Cite a rectangle of one of the lesson's pictures, with the student's words on
    what it shows. The rectangle must lie inside the picture; the same rectangle
    cited twice (a double click) is one citation."""
    left, top, width, height = region_checked(*region)
    description = " ".join(
        clean_text(description, max_chars=MAX_REGION_DESCRIPTION_CHARS).split()
    )
    if not description:
        raise ValidationError(
            _("Say in a few words what this region shows."), code="empty"
        )
    _lesson_picture(response, excerpt)
    box = {
        "region_left": left,
        "region_top": top,
        "region_width": width,
        "region_height": height,
    }
    existing = response.citations.filter(
        excerpt=excerpt, paragraph__isnull=True, **box
    ).first()
    if existing:
        return existing
    citation = Citation(
        response=response, excerpt=excerpt, quotation=description, **box
    )
    citation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            citation.save()
    except IntegrityError:
        return response.citations.get(excerpt=excerpt, paragraph__isnull=True, **box)
    return citation
