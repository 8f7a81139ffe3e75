"""The shipped library: loaded by a command, idempotent, and word for word."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from sources.models import Excerpt, Source
from tests.conftest import require_shared

REPO_CONTENT = Path(settings.BASE_DIR) / "fixtures" / "content"
SHARED = Path(settings.BASE_DIR).parent / "shared"
PLAN = yaml.safe_load((REPO_CONTENT / "alliance_excerpts.yaml").read_text("utf-8"))

# Where each shipped text came from: the repo copy and the original beside the clone.
ORIGINALS = {
    "readings/us-soviet-alliance-1941-1945.md": SHARED
    / "content/readings/us-soviet-alliance-1941-1945.md",
    "readings/us-soviet-union-end-of-wwii.md": SHARED
    / "content/readings/us-soviet-union-end-of-wwii.md",
    "web/end-of-wwii-republished-page.txt": SHARED / "seeds/002_9f095120c50810e9.txt",
}


def blocks(path: Path) -> list[str]:
    """Paragraph blocks after any front matter, read independently of the loader."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return [b.strip() for b in text.split("\n\n") if b.strip()]


@pytest.fixture
def library(db):
    call_command("load_alliance_sources", verbosity=0)


def test_the_loader_is_listed_so_seed_demo_runs_it():
    assert "load_alliance_sources" in settings.PORTAL_CONTENT_LOADERS


def test_loading_twice_leaves_one_copy_of_everything(library):
    counts = (Source.objects.count(), Excerpt.objects.count())
    call_command("load_alliance_sources", verbosity=0)
    assert (Source.objects.count(), Excerpt.objects.count()) == counts
    assert counts == (16, 12)


@pytest.mark.parametrize(
    "document", PLAN["readings"] + PLAN["pages"], ids=lambda d: d["slug"]
)
def test_every_shipped_paragraph_is_word_for_word_the_text(library, document):
    source = Source.objects.get(slug=document["slug"])
    shipped = [
        paragraph
        for excerpt in source.excerpts.order_by("order")
        for paragraph in excerpt.paragraphs
    ]
    repo_copy = blocks(REPO_CONTENT / document["file"])
    # Excerpts are consecutive, in order, and cover the whole text.
    assert shipped == repo_copy
    original = ORIGINALS[document["file"]]
    require_shared(original)
    assert shipped == blocks(original)


def test_the_repo_copies_are_unchanged_from_the_originals():
    for name, original in ORIGINALS.items():
        require_shared(original)
        assert (REPO_CONTENT / name).read_bytes() == original.read_bytes()
    shared_catalog = SHARED / "content/catalog.yaml"
    require_shared(shared_catalog)
    if shared_catalog.exists():
        assert (REPO_CONTENT / "catalog.yaml").read_bytes() == (
            shared_catalog.read_bytes()
        )


def test_readings_are_secondary_essays_with_citation_and_rights(library):
    for document in PLAN["readings"]:
        source = Source.objects.get(slug=document["slug"])
        assert source.kind == Source.Kind.ESSAY
        assert not source.is_primary
        assert source.citation.startswith("Office of the Historian")
        assert "Public domain" in source.rights
        assert source.headnote
        assert source.owner is None


def test_the_republished_page_ships_whole_for_a_sourcing_lesson(library):
    page = Source.objects.get(slug="end-of-wwii-republished-web-page")
    assert page.kind == Source.Kind.WEB_PAGE
    assert not page.is_primary
    text = "\n\n".join(e.text for e in page.excerpts.all())
    assert "FAQs" in text
    assert "Author information" in text
    assert page.themes.filter(slug="sourcing").exists()


def test_every_catalog_record_is_a_primary_source_with_no_passage(library):
    catalog = yaml.safe_load((REPO_CONTENT / "catalog.yaml").read_text("utf-8"))
    assert len(catalog) == 13
    for record in catalog:
        source = Source.objects.get(slug=record["slug"])
        assert source.is_primary
        assert source.title == record["title"]
        assert source.creator == record["creator"]
        assert source.kind == record["kind"]
        assert source.date == record["date"]
        assert source.citation == record["citation"]
        assert source.url == record.get("url", "")
        assert source.headnote, record["slug"]
        assert not source.excerpts.exists()


def test_glossary_terms_appear_in_their_passage_and_adapted_texts_line_up(library):
    for excerpt in Excerpt.objects.prefetch_related("glossary"):
        for term in excerpt.glossary.all():
            assert term.term.lower() in excerpt.text.lower(), (excerpt.slug, term.term)
            assert term.definition
        if excerpt.adapted_text:
            assert len(excerpt.adapted_paragraphs) == len(excerpt.paragraphs)


def test_a_teachers_own_passage_on_a_shipped_source_survives_a_reload(library, teacher):
    from sources.services import excerpt_create

    source = Source.objects.get(slug="yalta-agreement-japan-1945")
    mine = excerpt_create(
        source=source, owner=teacher, title="Article 1", text="The passage."
    )
    call_command("load_alliance_sources", verbosity=0)
    mine.refresh_from_db()
    assert mine.text == "The passage."


def test_every_shipped_source_has_a_perspective(library):
    tags = yaml.safe_load((REPO_CONTENT / "perspectives.yaml").read_text("utf-8"))
    shipped = Source.objects.filter(owner__isnull=True)
    assert set(tags) == set(shipped.values_list("slug", flat=True))
    assert Source.objects.get(
        slug="stalin-accepts-lend-lease-credit-1941"
    ).perspective == ("Soviet")
    assert not shipped.filter(perspective="").exists()
