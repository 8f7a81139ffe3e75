"""The class progress chart, drawn on the server as SVG (no chart script): one
bar per assignment, its students split into five parts that add up to the class.
The same figures go in a table beside it, for screen readers and printing."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from assignments.selectors.classwork import ClassworkItem, StudentProgress

# In SVG units: the label column, the bar, and a row per assignment.
LABEL_WIDTH = 150
BAR_WIDTH = 240
ROW_HEIGHT = 34

# Each student is in exactly one part, in this order along the bar.
PARTS = [
    ("graded", _("Graded")),
    ("submitted", _("Submitted, waiting")),
    ("late", _("Submitted late, waiting")),
    ("started", _("In progress")),
    ("not_started", _("Not started")),
]


def part_counts(progress: StudentProgress) -> dict[str, int]:
    waiting = progress.submitted - progress.graded
    return {
        "graded": progress.graded,
        "submitted": waiting - progress.late_waiting,
        "late": progress.late_waiting,
        "started": progress.started,
        "not_started": progress.not_started,
    }


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class ChartRow:
    item: ClassworkItem
    y: int
    counts: dict[str, int]
    segments: list[Segment]
    # One sentence for the SVG's description, e.g. "Treaty: Graded: 3; …"
    summary: str

    @property
    def cells(self) -> list[int]:
        """The counts in the order of PARTS (the table's columns)."""
        return [self.counts[key] for key, _label in PARTS]


@dataclass(frozen=True)
class ProgressChart:
    rows: list[ChartRow]
    parts: list[tuple[str, str]]
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH
    row_height: int = ROW_HEIGHT

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 50

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.rows) + 8


def _row(item: ClassworkItem, index: int) -> ChartRow:
    counts = part_counts(item.progress)
    size = max(item.progress.class_size, 1)
    segments, x = [], float(LABEL_WIDTH)
    for key, label in PARTS:
        width = BAR_WIDTH * counts[key] / size
        if counts[key]:
            segments.append(
                Segment(key, str(label), counts[key], round(x, 2), round(width, 2))
            )
        x += width
    summary = "; ".join(f"{label}: {counts[key]}" for key, label in PARTS)
    return ChartRow(
        item=item,
        y=index * ROW_HEIGHT,
        counts=counts,
        segments=segments,
        summary=f"{item.assignment.lesson.title}: {summary}.",
    )


def progress_chart(items: list[ClassworkItem]) -> ProgressChart:
    """The chart of a class's assignments, in the Classwork tab's order."""
    return ProgressChart(
        rows=[_row(item, n) for n, item in enumerate(items)],
        parts=[(key, str(label)) for key, label in PARTS],
    )
