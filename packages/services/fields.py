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
    "min_citations",
    "essay_thesis_required",
    "essay_min_documents",
    "essay_min_sourced",
]
EXCERPT_FIELDS = ["title", "text", "adapted_text"]
