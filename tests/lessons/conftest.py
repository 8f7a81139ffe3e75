from datetime import date

import pytest

from lessons import services
from sources.services import excerpt_create, source_create


@pytest.fixture
def library(db):
    """Two shared sources with passages, as the library holds them."""
    lend = source_create(
        owner=None,
        title="Lend-Lease Act",
        creator="77th Congress",
        citation="Public Law 77-11, 55 Stat. 31.",
        kind="law",
        date=date(1941, 3, 11),
    )
    yalta = source_create(
        owner=None,
        title="Yalta Agreement",
        creator="Roosevelt, Churchill and Stalin",
        citation="FRUS, Malta and Yalta, 1945.",
        kind="agreement",
        date=date(1945, 2, 11),
    )
    return {
        "lend": excerpt_create(
            source=lend,
            owner=None,
            title="Section 3",
            text="The President may lend or lease defense articles.\n\nAny country.",
        ),
        "yalta": excerpt_create(
            source=yalta,
            owner=None,
            title="The Japan clause",
            text="The Soviet Union shall enter the war against Japan.",
        ),
    }


@pytest.fixture
def unit(teacher, library):
    """A teacher's draft unit with one lesson, two excerpts and two prompts."""
    unit = services.unit_create(owner=teacher, title="Wartime allies", grade_band="11")
    lesson = services.lesson_create(unit=unit, title="Aid", estimated_minutes=40)
    first = services.lesson_excerpt_add(lesson=lesson, excerpt=library["lend"])
    services.lesson_excerpt_add(lesson=lesson, excerpt=library["yalta"])
    services.prompt_create(
        lesson=lesson, text="Who wrote it?", skill="sourcing", lesson_excerpts=[first]
    )
    services.prompt_create(lesson=lesson, text="What changed?", skill="open")
    return unit
