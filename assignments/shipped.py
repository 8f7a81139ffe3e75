"""The rubric shipped with the portal for document-based essays, shared by every
teacher (``Rubric.owner`` empty) and loaded idempotently: by a data migration on
every installation, and again by ``load_essay_rubric`` (from ``seed_demo``), which
puts back its wording if an admin changed it."""

from django.utils.translation import gettext_noop as _

ESSAY_RUBRIC_SLUG = "document-based-essay"
ESSAY_RUBRIC_TITLE = _("Document-based essay")

# (title, skill, description of full marks, levels from the top down to 0)
ESSAY_RUBRIC = [
    (
        _("Thesis"),
        "claim_evidence",
        _(
            "A claim that answers the question and can be argued, stated before the body."
        ),
        [
            _(
                "States a claim that answers the question and sets out the lines of argument the essay follows."
            ),
            _(
                "States a claim that answers the question, without saying how it will be argued."
            ),
            _("Restates the question, or gives no claim that could be argued."),
        ],
    ),
    (
        _("Contextualisation"),
        "contextualization",
        _("Places the argument in the events and conditions around the documents."),
        [
            _(
                "Explains events or conditions before or around the documents and shows how they bear on the argument."
            ),
            _("Mentions the wider situation, but does not connect it to the argument."),
            _("No wider situation, or only a phrase about it."),
        ],
    ),
    (
        _("Evidence from the documents"),
        "claim_evidence",
        _("Quotations from most of the documents, each explained and tied to a claim."),
        [
            _(
                "Uses quotations from most of the documents, each explained in the student's own words and tied to a claim."
            ),
            _(
                "Uses quotations from several documents to support claims; some are left unexplained."
            ),
            _(
                "Quotes or describes the documents, but mostly does not use them to support a claim."
            ),
            _("Little or no evidence from the documents."),
        ],
    ),
    (
        _("Sourcing"),
        "sourcing",
        _(
            "For several documents, explains how who made it, when, for whom or why shapes what it says."
        ),
        [
            _(
                "For several documents, explains how the author, date, audience or purpose shapes what the document says and how far to trust it."
            ),
            _(
                "Names the author, date, audience or purpose of one or two documents and says why it matters."
            ),
            _(
                "No sourcing, or facts about the source given without saying why they matter."
            ),
        ],
    ),
    (
        _("Complexity"),
        "corroboration",
        _("Weighs documents against each other and qualifies the argument."),
        [
            _(
                "Weighs documents that disagree, explains the difference and qualifies the thesis because of it."
            ),
            _(
                "Notices that documents agree or disagree, without drawing a conclusion from it."
            ),
            _("Treats every document as saying the same thing."),
        ],
    ),
]


def essay_rubric_load(rubric_model, criterion_model):
    """Create or refresh the shipped essay rubric with the given model classes (the
    live ones, or a migration's). Returns it; running it again changes nothing."""
    rubric, _created = rubric_model.objects.update_or_create(
        slug=ESSAY_RUBRIC_SLUG,
        defaults={"owner": None, "title": ESSAY_RUBRIC_TITLE},
    )
    for order, (title, skill, description, levels) in enumerate(ESSAY_RUBRIC, 1):
        criterion_model.objects.update_or_create(
            rubric=rubric,
            order=order,
            defaults={
                "title": title,
                "skill": skill,
                "description": description,
                "points": len(levels) - 1,
                "level_descriptions": list(levels),
            },
        )
    criterion_model.objects.filter(rubric=rubric, order__gt=len(ESSAY_RUBRIC)).delete()
    return rubric
