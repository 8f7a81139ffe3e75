"""The portal has no tables of its own. This module registers the edit history
(django-simple-history) of the library and lesson content, so that an admin can read
who changed what and revert it. Each historical table belongs to the app of the model
it follows (its migration lives there).

Many-to-many fields: a source's themes and the excerpts a prompt refers to are
recorded with each version (shown in the history), but reverting restores the plain
fields only. A unit's co-authors are people, not content, and are not tracked.
"""

import simple_history

from lessons.models import Lesson, LessonExcerpt, Prompt, Unit
from sources.models import Excerpt, GlossaryTerm, Source, Theme

HISTORY = {
    Theme: {},
    Source: {"m2m_fields": ["themes"]},
    Excerpt: {},
    GlossaryTerm: {},
    Unit: {},
    Lesson: {},
    LessonExcerpt: {},
    Prompt: {"m2m_fields": ["lesson_excerpts"]},
}

for _model, _options in HISTORY.items():
    simple_history.register(_model, **_options)
