"""A student's working draft: the text (and an essay's parts) kept as they type,
never an older save over a newer one (the revision rule), and the answer form's
text saved before whatever its button does."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assignments.models import MAX_ANSWER_CHARS, Response
from assignments.text import clean_text, word_count

FORM_CONFLICT = gettext_lazy(
    "Your answer was changed in another tab or on another device after this page "
    "was opened, so nothing was overwritten and nothing was done. The saved answer "
    "is in the box; the text you just sent is below it. Copy what you want to "
    "keep, then save again."
)


@dataclass
class DraftSave:
    saved: bool
    revision: int
    saved_at: datetime | None


def _update_if_older(pk: int, revision: int, values: dict) -> bool:
    """Write ``values`` (by field name) into the answer if its stored revision is
    below ``revision``: one conditional UPDATE decides atomically, without a lock,
    which of two saves is the newer. Written out: the portal's most frequent write
    (a class typing), and building it through the ORM cost more Python than the
    database spends on it. No signals, as ``QuerySet.update``."""
    connection = connections[router.db_for_write(Response)]
    fields = [Response._meta.get_field(name) for name in values]
    columns = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    # The names come from the model, every value is a parameter.
    table = Response._meta.db_table
    sql = f"UPDATE {table} SET {columns} WHERE id = %s AND revision < %s"  # noqa: S608
    with (
        transaction.mark_for_rollback_on_error(using=connection.alias),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [*params, pk, revision])
        return cursor.rowcount == 1


def _draft_store(
    *, response: Response, text: str, revision: int, essay: dict | None = None
) -> DraftSave:
    if revision <= response.revision:
        # Read from the answer already (revisions only grow): a save that arrived
        # late, refused without a write; ``response`` holds the newer answer.
        return DraftSave(
            saved=False, revision=response.revision, saved_at=response.draft_saved_at
        )
    now = timezone.now()
    # An essay's parts are stored with the text they are written out as.
    extra = {} if essay is None else {"essay": essay}
    values = {"text": text, "words": word_count(text), "revision": revision}
    values.update(draft_saved_at=now, updated_at=now, **extra)
    if _update_if_older(response.pk, revision, values):
        response.text, response.words = text, values["words"]
        response.revision, response.draft_saved_at = revision, now
        if essay is not None:
            response.essay = essay
        return DraftSave(saved=True, revision=revision, saved_at=now)
    fields = ("text", "words", "essay", "revision", "draft_saved_at")
    stored = Response.objects.values(*fields).get(pk=response.pk)
    response.__dict__.update(stored)  # a newer save won: the instance takes it
    return DraftSave(
        saved=False, revision=stored["revision"], saved_at=stored["draft_saved_at"]
    )


def response_draft_save(*, response: Response, text: str, revision: int) -> DraftSave:
    """Keep the student's working text. ``revision`` counts the page's saves: a save
    whose revision is not above the stored one arrived late (or comes from an older
    tab) and changes nothing, so an older text never overwrites a newer one. Drafts
    are kept even after the due date, after closing and after a return."""
    text = clean_text(text, max_chars=MAX_ANSWER_CHARS)
    return _draft_store(response=response, text=text, revision=revision)


@dataclass(frozen=True)
class FormTextSave:
    """What became of the text an answer form sent (``response_form_text_save``)."""

    conflict: bool = False
    # On a conflict: why nothing was done, and the text that was sent (as it would
    # have been kept), to show below the stored one.
    message: str = ""
    sent_text: str = ""


def response_form_text_save(
    *,
    response: Response,
    text: str | None,
    revision: int | None,
    essay: dict | None = None,
) -> FormTextSave:
    """The answer form without JavaScript: whatever its button, the text in the box
    is saved first (as the revision after the one the page was opened with, or
    after the stored one when the form carries none), so no action ever costs the
    student their words. The conflict rule: when the answer has changed since (in
    another tab or on another device) and its words differ from the ones sent,
    nothing is overwritten and the result says so; the same words sent again (a
    double click, a second tab) are no conflict. A form without text saves nothing."""
    if text is None:
        return FormTextSave()
    sent = clean_text(text, max_chars=MAX_ANSWER_CHARS)
    base = response.revision if revision is None else revision
    if _draft_store(response=response, text=sent, revision=base + 1, essay=essay).saved:
        return FormTextSave()
    # Not saved: ``response`` now holds the stored answer.
    if response.text == sent:
        return FormTextSave()
    return FormTextSave(conflict=True, message=str(FORM_CONFLICT), sent_text=sent)
