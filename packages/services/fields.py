"""The fields a package carries for each kind of record (export and import agree)."""

UNIT_FIELDS = ["title", "essential_question", "overview", "grade_band", "status"]
LESSON_FIELDS = [
    "title",
    "objectives",
    "instructions",
    "estimated_minutes",
    "source_first",
]
PROMPT_FIELDS = [
    "text",
    "skill",
    "kind",
    "min_citations",
    "grid_questions",
    "essay_thesis_required",
    "essay_min_documents",
    "essay_min_sourced",
]
EXCERPT_FIELDS = ["title", "text", "adapted_text"]


def packaged(model, data: dict, names: list[str]) -> dict:
    """The named fields of a packaged record; a package made before a field
    existed has no such key and gets the field's default (so an older package
    still imports, and still matches the records it made)."""
    return {
        name: data.get(name, model._meta.get_field(name).get_default())
        for name in names
    }
