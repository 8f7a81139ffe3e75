"""Evidence-use signals for the review table: for each student of an assignment,
which of the lesson's documents their evidence draws on (cited passages and the
evidence grid's found quotations), the perspectives those documents give, and
how many of them they wrote a reliability note on (sourcing). Three queries for
the whole class, whatever its size."""

from dataclasses import dataclass, field

from assignments.models import Assignment, Citation, GridCell
from assignments.permissions import assignments_managed_by
from lessons.models import LessonExcerpt


@dataclass(frozen=True)
class StudentEvidence:
    documents: frozenset[int] = frozenset()
    perspectives: tuple[str, ...] = ()
    # Documents the student wrote a reliability note on (evidence grid cells).
    sourced: int = 0

    @property
    def relied_on_one(self) -> bool:
        return len(self.documents) == 1


NO_EVIDENCE = StudentEvidence()


@dataclass
class EvidenceUse:
    documents_total: int
    by_student: dict[int, StudentEvidence] = field(default_factory=dict)

    def of(self, student_id: int) -> StudentEvidence:
        return self.by_student.get(student_id, NO_EVIDENCE)


def evidence_use(*, assignment: Assignment, user) -> EvidenceUse:
    """Per student: documents cited (of the lesson's), their perspectives (the
    sources' perspective tags, in the lesson's order) and documents sourced."""
    perspective = dict(
        LessonExcerpt.objects.filter(lesson_id=assignment.lesson_id)
        .order_by("order")
        .values_list("excerpt_id", "excerpt__source__perspective")
    )
    managed = {
        "response__assignment": assignment,
        "response__assignment__in": assignments_managed_by(user),
    }
    documents: dict[int, set[int]] = {}
    sourced: dict[int, set[int]] = {}
    # No ordering: the models' default one would join the students, prompts and
    # assignments and make every citation a distinct row.
    cited = (
        Citation.objects.filter(**managed)
        .order_by()
        .values_list("response__student_id", "excerpt_id")
    )
    for student_id, excerpt_id in cited.distinct():
        documents.setdefault(student_id, set()).add(excerpt_id)
    cells = (
        GridCell.objects.filter(quotation_found=True, **managed)
        .order_by()
        .values_list("response__student_id", "excerpt_id", "note")
    )
    for student_id, excerpt_id, note in cells:
        documents.setdefault(student_id, set()).add(excerpt_id)
        if note.strip():
            sourced.setdefault(student_id, set()).add(excerpt_id)
    order = list(perspective)
    use = EvidenceUse(documents_total=len(perspective))
    for student_id, excerpts in documents.items():
        excerpts = {e for e in excerpts if e in perspective}
        tags = []
        for excerpt_id in sorted(excerpts, key=order.index):
            tag = perspective[excerpt_id]
            if tag and tag not in tags:
                tags.append(tag)
        use.by_student[student_id] = StudentEvidence(
            documents=frozenset(excerpts),
            perspectives=tuple(tags),
            sourced=len(sourced.get(student_id, set()) & excerpts),
        )
    return use
