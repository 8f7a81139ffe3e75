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
    # What the student fills in (answer, grid, essay) and a grid's sub-questions;
    # a package without them gets the defaults (a written answer).
    "kind",
    "grid_questions",
    "min_citations",
    "essay_thesis_required",
    "essay_min_documents",
    "essay_min_sourced",
]
EXCERPT_FIELDS = ["title", "text", "adapted_text"]
