"""The document-based essay: its parts, how a page sends them, how the essay is
written out as text, and its rules.

An essay is a thesis, then paragraphs each made of a claim, cited evidence (the
quotations of the essay's evidence list that the student ticked for it) and
reasoning, and one sourcing sentence per document. What counts (docs/essays.md):

- a **document** is one of the lesson's excerpts;
- the essay **uses** a document when its evidence list cites a passage of it;
- the essay **sources** a document it uses when the student wrote, in that
  document's sourcing box, a sentence of at least ``SOURCING_MIN_WORDS`` words
  (who made it, when, for whom or why, and how that shapes what it says).

The rules (``lessons.Prompt.essay_*``) never block a submission: an unmet rule is
named to the student, who may submit anyway.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_PARAGRAPHS = 12
MAX_PART_CHARS = 4_000
SOURCING_MIN_WORDS = 6


@dataclass(frozen=True)
class EssayParagraph:
    claim: str = ""
    reasoning: str = ""
    # Pks of the essay's citations the student ticked for this paragraph.
    evidence: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.claim.strip() or self.reasoning.strip() or self.evidence)


@dataclass(frozen=True)
class Essay:
    thesis: str = ""
    paragraphs: tuple[EssayParagraph, ...] = ()
    # Excerpt pk → the student's sourcing sentence for that document.
    sourcing: Mapping[int, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "thesis": self.thesis,
            "paragraphs": [
                {
                    "claim": p.claim,
                    "evidence": list(p.evidence),
                    "reasoning": p.reasoning,
                }
                for p in self.paragraphs
            ],
            "sourcing": {str(k): v for k, v in sorted(self.sourcing.items()) if v},
        }


def _part(value, label: str, *, strict: bool = True) -> str:
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if strict and len(text) > MAX_PART_CHARS:
        raise ValidationError(
            _("%(part)s is over %(limit)s characters; shorten it. Your text is kept.")
            % {"part": label, "limit": MAX_PART_CHARS},
            code="too_long",
        )
    return text


def _ids(values) -> tuple[int, ...]:
    seen: list[int] = []
    for value in values if isinstance(values, list | tuple) else []:
        text = str(value)
        if text.isascii() and text.isdigit() and len(text) < 19:
            number = int(text)
            if number not in seen:
                seen.append(number)
    return tuple(seen)


def _paragraphs(items: Iterable, *, strict: bool) -> tuple[EssayParagraph, ...]:
    paragraphs = tuple(items)
    if strict and len(paragraphs) > MAX_PARAGRAPHS:
        raise ValidationError(
            _("An essay has at most %(n)s paragraphs.") % {"n": MAX_PARAGRAPHS},
            code="too_many_paragraphs",
        )
    return paragraphs


def essay_from_json(data, *, strict: bool = True) -> Essay:
    """An essay from what the page's script sent (or what is stored): unknown keys
    and wrongly typed values are ignored, over-long parts refused (``strict``; a
    refused essay shown back to its student is read with ``strict=False``)."""
    if not isinstance(data, dict):
        data = {}
    raw_paragraphs = data.get("paragraphs")
    paragraphs = _paragraphs(
        (
            EssayParagraph(
                claim=_part(item.get("claim"), _("A claim"), strict=strict),
                reasoning=_part(
                    item.get("reasoning"), _("A paragraph’s reasoning"), strict=strict
                ),
                evidence=_ids(item.get("evidence")),
            )
            for item in (raw_paragraphs if isinstance(raw_paragraphs, list) else [])
            if isinstance(item, dict)
        ),
        strict=strict,
    )
    raw_sourcing = data.get("sourcing")
    sourcing = {}
    for key, value in (raw_sourcing if isinstance(raw_sourcing, dict) else {}).items():
        ids = _ids([key])
        if ids and isinstance(value, str) and value.strip():
            sourcing[ids[0]] = _part(value, _("A sourcing sentence"), strict=strict)
    return Essay(
        thesis=_part(data.get("thesis"), _("The thesis"), strict=strict),
        paragraphs=paragraphs,
        sourcing=sourcing,
    )


def essay_from_text(text: str) -> Essay:
    """The essay the page's autosave sent as JSON in its ``text`` field."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        raise ValidationError(
            _("The page sent a broken essay; reload it."), code="broken_form"
        ) from None
    return essay_from_json(data)


# The form's field names (the page's script keeps them when it renumbers).
THESIS_FIELD = "essay_thesis"
CLAIM_FIELD = "essay_claim"
REASONING_FIELD = "essay_reasoning"
EVIDENCE_FIELD = "essay_evidence_{}"
SOURCING_FIELD = "essay_sourcing_{}"
ADD_BUTTON = "essay_add"
REMOVE_BUTTON = "essay_remove"


def essay_form_data(post) -> dict | None:
    """The essay an answer form sent as fields (with or without JavaScript), as
    ``essay_from_json`` reads it, or None when the form is not an essay's. Its Add
    paragraph and Remove buttons (without JavaScript) change the paragraphs here,
    before they are saved."""
    if THESIS_FIELD not in post:
        return None
    claims = post.getlist(CLAIM_FIELD)
    reasonings = post.getlist(REASONING_FIELD)
    items = [
        {
            "claim": claim,
            "reasoning": reasonings[i] if i < len(reasonings) else "",
            "evidence": post.getlist(EVIDENCE_FIELD.format(i)),
        }
        for i, claim in enumerate(claims)
    ]
    remove = post.get(REMOVE_BUTTON, "")
    if remove.isascii() and remove.isdigit() and int(remove) < len(items):
        del items[int(remove)]
    if ADD_BUTTON in post:
        items.append({})
    prefix = SOURCING_FIELD.format("")
    sourcing = {
        name[len(prefix) :]: value
        for name, value in post.items()
        if name.startswith(prefix)
    }
    return {
        "thesis": post.get(THESIS_FIELD, ""),
        "paragraphs": items,
        "sourcing": sourcing,
    }


def essay_numbered(parts: dict, order: list[int]) -> dict:
    """Stored essay parts with each paragraph's evidence given as ``passages``:
    numbers into ``order`` (the citation pks in the order the submitted evidence
    lists them, 1 for the first), as a submitted version keeps them."""
    essay = essay_from_json(parts, strict=False).as_json()
    for paragraph in essay["paragraphs"]:
        cited = paragraph.pop("evidence")
        paragraph["passages"] = [order.index(pk) + 1 for pk in cited if pk in order]
    return essay


@dataclass(frozen=True)
class CitedPassage:
    """What the written-out essay says of one cited passage."""

    excerpt_id: int
    words: str
    where: str


def essay_write_out(essay: Essay, passages: Mapping[int, CitedPassage], titles) -> str:
    """The essay as one text (what the review pages, versions and exports read):
    thesis, numbered paragraphs with their evidence quoted, then the sourcing
    sentences. ``titles`` maps excerpt pk → document title. Empty parts are left
    out, so an essay with nothing in it is an empty text."""
    blocks = []
    if essay.thesis.strip():
        blocks.append(_("Thesis: %(t)s") % {"t": essay.thesis.strip()})
    for number, paragraph in enumerate(essay.paragraphs, start=1):
        if paragraph.is_empty:
            continue
        lines = [_("Paragraph %(n)s") % {"n": number}]
        if paragraph.claim.strip():
            lines.append(_("Claim: %(t)s") % {"t": paragraph.claim.strip()})
        for pk in paragraph.evidence:
            if pk in passages:
                passage = passages[pk]
                lines.append(
                    _("Evidence: “%(words)s” (%(where)s)")
                    % {"words": passage.words, "where": passage.where}
                )
        if paragraph.reasoning.strip():
            lines.append(_("Reasoning: %(t)s") % {"t": paragraph.reasoning.strip()})
        blocks.append("\n".join(lines))
    sourced = [
        f"{titles[pk]}: {text.strip()}"
        for pk, text in essay.sourcing.items()
        if pk in titles and text.strip()
    ]
    if sourced:
        blocks.append("\n".join([_("Sourcing"), *sourced]))
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class DocumentTick:
    """One line of the essay's side list: a lesson document, used or not, sourced
    or not."""

    number: int
    excerpt_id: int
    title: str
    used: bool
    sourced: bool
    sourcing: str


@dataclass(frozen=True)
class EssayCheck:
    documents: tuple[DocumentTick, ...]
    has_thesis: bool
    thesis_required: bool
    min_documents: int
    min_sourced: int
    # The rules not met, each a sentence naming the rule and where the essay is.
    unmet: tuple[str, ...]

    @property
    def used(self) -> int:
        return sum(1 for d in self.documents if d.used)

    @property
    def sourced(self) -> int:
        return sum(1 for d in self.documents if d.sourced)


def is_sourcing_sentence(text: str) -> bool:
    return len(text.split()) >= SOURCING_MIN_WORDS


def _unmet(prompt, *, has_thesis: bool, used: int, sourced: int, total: int):
    unmet = []
    if prompt.essay_thesis_required and not has_thesis:
        unmet.append(_("Rule: a thesis is required. Your essay has none yet."))
    needed = min(prompt.essay_min_documents, total)
    if used < needed:
        unmet.append(
            ngettext(
                "Rule: use at least %(n)d of the %(m)d documents. Your essay uses "
                "%(have)d.",
                "Rule: use at least %(n)d of the %(m)d documents. Your essay uses "
                "%(have)d.",
                needed,
            )
            % {"n": needed, "m": total, "have": used}
        )
    to_source = min(prompt.essay_min_sourced, needed)
    if sourced < to_source:
        unmet.append(
            ngettext(
                "Rule: source at least %(k)d document you use. Your essay sources "
                "%(have)d.",
                "Rule: source at least %(k)d documents you use. Your essay sources "
                "%(have)d.",
                to_source,
            )
            % {"k": to_source, "have": sourced}
        )
    return tuple(unmet)


def essay_check(prompt, essay: Essay, *, documents, cited_excerpts) -> EssayCheck:
    """The side list and the rules for ``essay``: ``documents`` are the lesson's
    (excerpt pk, title) in order, ``cited_excerpts`` the excerpt pks the essay's
    evidence cites."""
    cited = set(cited_excerpts)
    ticks = tuple(
        DocumentTick(
            number=number,
            excerpt_id=pk,
            title=title,
            used=pk in cited,
            sourced=pk in cited and is_sourcing_sentence(essay.sourcing.get(pk, "")),
            sourcing=essay.sourcing.get(pk, ""),
        )
        for number, (pk, title) in enumerate(documents, start=1)
    )
    has_thesis = bool(essay.thesis.strip())
    used = sum(1 for d in ticks if d.used)
    sourced = sum(1 for d in ticks if d.sourced)
    return EssayCheck(
        documents=ticks,
        has_thesis=has_thesis,
        thesis_required=prompt.essay_thesis_required,
        min_documents=min(prompt.essay_min_documents, len(ticks)),
        min_sourced=min(prompt.essay_min_sourced, prompt.essay_min_documents),
        unmet=_unmet(
            prompt, has_thesis=has_thesis, used=used, sourced=sourced, total=len(ticks)
        ),
    )
