"""Regions of pictures cited as evidence, ready to draw: over the picture in the
grading view, and all of a class's at once (a heat map) on the citation map.

A region is stored as shares of the picture's width and height; here it also gets
its place in the picture's own pixels, for an SVG drawn over the picture with
``viewBox="0 0 <width> <height>"`` (attributes, not styles: the CSP allows them)."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from sources.models import Excerpt, ExcerptImage

# The heat map counts students on a grid of this many cells a side.
HEAT_GRID = 20


@dataclass(frozen=True)
class RegionBox:
    number: int
    left: float
    top: float
    width: float
    height: float
    description: str
    image_width: int
    image_height: int
    students: int = 1

    @property
    def x(self) -> float:
        return round(self.left * self.image_width, 1)

    @property
    def y(self) -> float:
        return round(self.top * self.image_height, 1)

    @property
    def w(self) -> float:
        return round(self.width * self.image_width, 1)

    @property
    def h(self) -> float:
        return round(self.height * self.image_height, 1)

    @property
    def percent(self) -> dict[str, int]:
        """Where it is, in whole percent, for words ("from 10% to 40% across")."""
        return {
            "left": round(self.left * 100),
            "right": round((self.left + self.width) * 100),
            "top": round(self.top * 100),
            "bottom": round((self.top + self.height) * 100),
        }


@dataclass
class CitedPicture:
    """A picture with the regions cited on it."""

    excerpt: Excerpt
    image: ExcerptImage
    regions: list[RegionBox]
    students: int = 0
    # The most students whose regions cover one spot of the picture.
    most_at_one_spot: int = 0
    label_size: float = field(init=False)

    def __post_init__(self):
        self.label_size = round(max(self.image.width, self.image.height) / 28, 1)


def region_of(item: dict) -> tuple[float, float, float, float] | None:
    """The (left, top, width, height) of a citation's snapshot, or None for words."""
    region = item.get("region")
    if not isinstance(region, list | tuple) or len(region) != 4:
        return None
    try:
        values = tuple(float(v) for v in region)
    except (TypeError, ValueError):
        return None
    return values if all(math.isfinite(v) for v in values) else None


def _box(number, region, description, image, students=1) -> RegionBox:
    left, top, width, height = region
    return RegionBox(
        number=number,
        left=left,
        top=top,
        width=width,
        height=height,
        description=description,
        image_width=image.width,
        image_height=image.height,
        students=students,
    )


def _image_of(excerpt: Excerpt | None) -> ExcerptImage | None:
    if excerpt is None or not excerpt.is_image:
        return None
    return getattr(excerpt, "image", None)


def cited_pictures(citations: list[dict], excerpts: dict) -> list[CitedPicture]:
    """An answer's regions, grouped by picture, numbered in the order cited."""
    pictures: dict[int, CitedPicture] = {}
    for item in citations:
        region = region_of(item)
        excerpt = excerpts.get(item.get("excerpt_id"))
        image = _image_of(excerpt)
        if region is None or image is None:
            continue
        picture = pictures.setdefault(
            excerpt.pk, CitedPicture(excerpt=excerpt, image=image, regions=[])
        )
        number = len(picture.regions) + 1
        picture.regions.append(_box(number, region, item.get("quotation", ""), image))
    return list(pictures.values())


def _most_at_one_spot(regions_by_student: dict[int, list]) -> int:
    """How many students' regions cover the busiest cell of a grid over the picture."""
    cells: dict[tuple[int, int], set[int]] = defaultdict(set)
    for student, regions in regions_by_student.items():
        for left, top, width, height in regions:
            for col in range(HEAT_GRID):
                centre_x = (col + 0.5) / HEAT_GRID
                if not left <= centre_x <= left + width:
                    continue
                for row in range(HEAT_GRID):
                    if top <= (row + 0.5) / HEAT_GRID <= top + height:
                        cells[(col, row)].add(student)
    return max((len(s) for s in cells.values()), default=0)


def class_heat(excerpt: Excerpt, cited: list[tuple[int, tuple, str]]) -> CitedPicture:
    """Every region the class cited on one picture (``cited``: student, region,
    description), with how many students cited regions there."""
    image = _image_of(excerpt)
    by_student: dict[int, list] = defaultdict(list)
    regions = []
    for number, (student, region, description) in enumerate(cited, start=1):
        by_student[student].append(region)
        regions.append(_box(number, region, description, image))
    return CitedPicture(
        excerpt=excerpt,
        image=image,
        regions=regions,
        students=len(by_student),
        most_at_one_spot=_most_at_one_spot(by_student),
    )
