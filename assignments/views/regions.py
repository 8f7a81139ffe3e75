"""Citing a region of a picture without JavaScript: "Cite a region by numbers"
under a question takes the picture, the rectangle in its pixels (from the left,
from the top, width, height: the numbers a teacher types for a detail) and a few
words on what it shows. The same rule as the drawn rectangle decides
(``assignments.services.regions.region_cite_add``); a refusal is shown beside the
field at fault, with what was typed kept."""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assignments.models import REGION_DECIMALS
from assignments.services import regions
from assignments.views.student import CiteRefused, Done, answer_form
from portal.http import first_message
from portal.limits import id_from, int_from

# Which field a refusal of region_cite_add is about.
REGION_ERROR_FIELDS = {
    "foreign_excerpt": "region-excerpt",
    "not_a_picture": "region-excerpt",
    "bad_region": "region-left",
    "region_too_small": "region-width",
    "region_outside": "region-width",
    "empty": "region-description",
}
MAX_PIXELS_TYPED = 1_000_000


def _share(pixels: int, whole: int) -> float:
    # Rounded down, so the rectangle never grows past the picture's edge.
    scale = 10**REGION_DECIMALS
    return math.floor(pixels / whole * scale) / scale


def _pixels(request, image) -> tuple[int, int, int, int]:
    """The four numbers, whole pixels inside the picture, or ``CiteRefused`` on the
    first one at fault (saying the picture's size)."""
    values = {}
    for name, side in (("left", "width"), ("top", "height")):
        value = int_from(request.POST.get(f"region_{name}"), maximum=MAX_PIXELS_TYPED)
        whole = getattr(image, side)
        if value is None or value >= whole:
            raise CiteRefused(
                f"region-{name}",
                _("Give a whole number from 0 to %(last)s.") % {"last": whole - 1},
            )
        values[name] = value
    for name, start in (("width", "left"), ("height", "top")):
        value = int_from(request.POST.get(f"region_{name}"), maximum=MAX_PIXELS_TYPED)
        most = getattr(image, name) - values[start]
        if value is None or value < 1 or value > most:
            raise CiteRefused(
                f"region-{name}",
                _(
                    "Give a whole number from 1 to %(most)s: the picture is "
                    "%(size)s pixels %(side)s."
                )
                % {
                    "most": most,
                    "size": getattr(image, name),
                    "side": _("wide") if name == "width" else _("high"),
                },
            )
        values[name] = value
    return values["left"], values["top"], values["width"], values["height"]


@answer_form(region=True)
def response_cite_region(request, response) -> Done:
    """Cite a rectangle of one of the lesson's pictures typed as numbers."""
    pictures = {
        item.excerpt.pk: item.excerpt
        for item in response.assignment.lesson.lesson_excerpts.select_related(
            "excerpt__image"
        )
        if item.excerpt.is_image
    }
    excerpt = pictures.get(id_from(request.POST.get("region_excerpt")))
    if excerpt is None:
        raise CiteRefused("region-excerpt", _("Choose one of the lesson's pictures."))
    image = excerpt.image
    left, top, width, height = _pixels(request, image)
    region = (
        _share(left, image.width),
        _share(top, image.height),
        _share(width, image.width),
        _share(height, image.height),
    )
    try:
        regions.region_cite_add(
            response=response,
            excerpt=excerpt,
            region=region,
            description=request.POST.get("region_description", ""),
        )
    except ValidationError as error:
        field = REGION_ERROR_FIELDS.get(getattr(error, "code", None), "region-left")
        raise CiteRefused(field, first_message(error)) from None
    return Done(_("The region was added to your evidence."))
