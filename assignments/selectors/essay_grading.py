"""What the grading page shows of a document-based essay: its parts with each
cited passage numbered, and every document the essay cites shown whole with
those passages marked (assignments/essay.py says what the parts are)."""

from dataclasses import dataclass, field

from assignments.essay import essay_check, essay_from_json, essay_numbered
from assignments.text import highlight_numbered


@dataclass(frozen=True)
class PassageRef:
    number: int
    words: str
    where: str
    # The id of the passage's mark in its document ("" for a picture's region).
    anchor: str


@dataclass(frozen=True)
class GradedParagraph:
    number: int
    claim: str
    reasoning: str
    passages: list[PassageRef]


@dataclass(frozen=True)
class MarkedDocument:
    number: int
    excerpt_id: int
    title: str
    source_title: str
    # Each paragraph of the document: (¶ number, safe HTML with the marks).
    paragraphs: list[tuple[int, str]]
    passages: int
    sourcing: str


@dataclass(frozen=True)
class GradedEssay:
    thesis: str
    paragraphs: list[GradedParagraph]
    documents: list[MarkedDocument]
    unused: list[str]
    unmet: tuple[str, ...]
    passages: list[PassageRef] = field(default_factory=list)


def _passage_refs(citations: list[dict], excerpts: dict, anchor: str):
    refs = []
    for number, item in enumerate(citations, start=1):
        excerpt = excerpts.get(item.get("excerpt_id"))
        title = excerpt.title if excerpt else item.get("excerpt", "")
        region = item.get("paragraph") is None
        refs.append(
            PassageRef(
                number=number,
                words=item.get("quotation", ""),
                where=f"{title}, ¶{item.get('paragraph')}" if not region else title,
                anchor="" if region else f"{anchor}-{number}",
            )
        )
    return refs


def _documents(citations, excerpts, parts, anchor) -> list[MarkedDocument]:
    documents = []
    for number, (pk, excerpt) in enumerate(excerpts.items(), start=1):
        cited = [
            (n, item)
            for n, item in enumerate(citations, start=1)
            if item.get("excerpt_id") == pk and item.get("paragraph")
        ]
        if not cited or excerpt.is_image:
            continue
        documents.append(
            MarkedDocument(
                number=number,
                excerpt_id=pk,
                title=excerpt.title,
                source_title=excerpt.source.title,
                paragraphs=[
                    (
                        p,
                        highlight_numbered(
                            text,
                            [
                                (n, i["quotation"])
                                for n, i in cited
                                if i["paragraph"] == p
                            ],
                            anchor=anchor,
                        ),
                    )
                    for p, text in enumerate(excerpt.paragraphs, start=1)
                ],
                passages=len(cited),
                sourcing=parts.get("sourcing", {}).get(str(pk), ""),
            )
        )
    return documents


def graded_essay(
    prompt, response, citations: list[dict], excerpts: dict
) -> GradedEssay:
    """The essay as submitted (its latest version), or its draft when there is
    none yet; ``citations`` is that version's (or the draft's) evidence in order,
    ``excerpts`` the lesson's excerpts by pk, in the lesson's order."""
    version = response.latest_version
    if version is not None:
        parts = version.essay or {}
    else:
        order = [c.pk for c in response.citations.all()]
        parts = essay_numbered(response.essay, order)
    anchor = f"passage-{prompt.pk}"
    refs = _passage_refs(citations, excerpts, anchor)
    documents = _documents(citations, excerpts, parts, anchor)
    used = {d.excerpt_id for d in documents} | {
        i.get("excerpt_id") for i in citations if i.get("excerpt_id") in excerpts
    }
    check = essay_check(
        prompt,
        essay_from_json(
            {"thesis": parts.get("thesis"), "sourcing": parts.get("sourcing")}
        ),
        documents=[(pk, e.title) for pk, e in excerpts.items()],
        cited_excerpts=used,
    )
    return GradedEssay(
        thesis=parts.get("thesis", ""),
        paragraphs=[
            GradedParagraph(
                number=n,
                claim=p.get("claim", ""),
                reasoning=p.get("reasoning", ""),
                passages=[
                    refs[i - 1] for i in p.get("passages", []) if 0 < i <= len(refs)
                ],
            )
            for n, p in enumerate(parts.get("paragraphs", []), start=1)
        ],
        documents=documents,
        unused=[e.title for pk, e in excerpts.items() if pk not in used],
        unmet=check.unmet,
        passages=refs,
    )
