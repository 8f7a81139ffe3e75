"""The fields a package carries for each kind of record (export and import agree)."""

UNIT_FIELDS = ["title", "essential_question", "overview", "grade_band", "status"]
LESSON_FIELDS = ["title", "objectives", "instructions", "estimated_minutes"]
PROMPT_FIELDS = ["text", "skill", "kind", "min_citations", "grid_questions"]
EXCERPT_FIELDS = ["title", "text", "adapted_text"]

# Fields added after packages were first made: a package made before them has no
# such key and gets this value (so an older package still imports, and still
# matches the sources it made).
ADDED_FIELD_DEFAULTS = {"perspective": "", "kind": "answer", "grid_questions": ""}


def packaged(data: dict, names: list[str]) -> dict:
    """The named fields of a packaged record, older packages' gaps filled."""
    return {name: data.get(name, ADDED_FIELD_DEFAULTS.get(name)) for name in names}
