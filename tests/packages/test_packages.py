"""Unit packages: export, import (exact, idempotent, atomic) and refusal of bad files."""

import hashlib
import io
import json
import struct
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lessons import services as lesson_services
from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt, Unit
from packages.archive import PackageError, package_read, package_write
from packages.services import unit_package_export, unit_package_import
from sources.models import Excerpt, ExcerptImage, GlossaryTerm, Source, Theme
from tests.builders import image_build, picture_bytes
from tests.sources.files import SVG_WITH_SCRIPT

SHIPPED_SLUG = "us-soviet-alliance-1941-1945"
TIMESTAMPS = {"id", "created_at", "updated_at"}


@pytest.fixture
def shipped(db):
    call_command("load_alliance_sources", stdout=io.StringIO())
    call_command("load_alliance_unit", stdout=io.StringIO())
    return Unit.objects.get(slug=SHIPPED_SLUG)


NATURAL_KEYS = {
    Source: lambda obj: obj.slug,
    Theme: lambda obj: obj.slug,
    Excerpt: lambda obj: (obj.source.slug, obj.slug),
    Unit: lambda obj: obj.slug or obj.title,
    Lesson: lambda obj: (natural(obj.unit), obj.order),
    LessonExcerpt: lambda obj: (natural(obj.lesson), obj.order),
}


def natural(obj):
    """A key for a row that means the same thing on another installation."""
    if obj is None:
        return None
    key = NATURAL_KEYS.get(type(obj))
    return key(obj) if key else repr(obj)


def row(obj, skip=()):
    """Every field of a row (foreign keys and many-to-many as natural keys), except
    its local id and timestamps."""
    values = {}
    for f in obj._meta.concrete_fields:
        if f.name in TIMESTAMPS or f.name in skip:
            continue
        values[f.name] = (
            natural(getattr(obj, f.name)) if f.is_relation else f.value_from_object(obj)
        )
    for f in obj._meta.many_to_many:
        values[f.name] = sorted(natural(o) for o in getattr(obj, f.name).all())
    return values


def unit_snapshot(unit):
    lessons = unit.lessons.order_by("order")
    excerpts = Excerpt.objects.filter(lesson_uses__lesson__unit=unit).distinct()
    sources = Source.objects.filter(
        pk__in=[
            *excerpts.values_list("source", flat=True),
            *LessonSource.objects.filter(lesson__unit=unit).values_list(
                "source", flat=True
            ),
        ]
    )
    return {
        "unit": row(unit),
        "lessons": [row(lesson) for lesson in lessons],
        "lesson_excerpts": [
            row(p)
            for p in LessonExcerpt.objects.filter(lesson__unit=unit).order_by(
                "lesson__order", "order"
            )
        ],
        "documents": [
            row(d)
            for d in LessonSource.objects.filter(lesson__unit=unit).order_by(
                "lesson__order", "order"
            )
        ],
        "prompts": [
            row(p)
            for p in Prompt.objects.filter(lesson__unit=unit).order_by(
                "lesson__order", "order"
            )
        ],
        "sources": sorted((row(s) for s in sources), key=lambda r: r["slug"]),
        "excerpts": sorted(
            (row(e) for e in excerpts), key=lambda r: (r["source"], r["slug"])
        ),
        "glossary": sorted(
            (row(t) for t in GlossaryTerm.objects.filter(excerpt__in=excerpts)),
            key=lambda r: (r["excerpt"], r["term"]),
        ),
        "themes": sorted(
            (row(t) for t in Theme.objects.filter(sources__in=sources).distinct()),
            key=lambda r: r["slug"],
        ),
    }


def database_fingerprint():
    """Row counts and a checksum of every row of every table."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._base_manager.order_by("pk").values_list())
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        result[model._meta.label] = (len(rows), digest)
    return result


def test_exporting_and_importing_into_an_empty_database_reproduces_the_unit(shipped):
    before = unit_snapshot(shipped)
    package = unit_package_export(unit=shipped)
    # An empty database: no units, no library.
    Unit.objects.all().delete()
    Source.objects.all().delete()
    Theme.objects.all().delete()

    result = unit_package_import(data=package)

    unit = Unit.objects.get(slug=SHIPPED_SLUG)
    assert result.unit == unit
    after = unit_snapshot(unit)
    assert after == before
    assert after["lessons"] and after["prompts"] and after["glossary"]
    assert Source.objects.count() == len(before["sources"])
    assert unit.owner is None and unit.is_published


def test_importing_the_same_package_twice_changes_nothing_the_second_time(shipped):
    package = unit_package_export(unit=shipped)
    unit_package_import(data=package)
    fingerprint = database_fingerprint()

    second = unit_package_import(data=package)

    assert not second.changed
    assert database_fingerprint() == fingerprint  # history tables included
    assert Unit.objects.filter(slug=SHIPPED_SLUG).count() == 1


def test_a_unit_without_a_slug_is_matched_by_its_package_id(shipped, teacher):
    from lessons.services import unit_copy

    copy = unit_copy(unit=shipped, owner=teacher)
    package = unit_package_export(unit=copy)
    units = Unit.objects.count()
    sources = Source.objects.count()

    unit_package_import(data=package)
    unit_package_import(data=package)

    assert Unit.objects.count() == units
    assert Source.objects.count() == sources


def test_a_local_source_with_the_same_slug_but_other_words_is_left_alone(shipped):
    package = unit_package_export(unit=shipped)
    local = Source.objects.get(slug="lend-lease-act-1941")
    local.headnote = "Our own headnote, changed here."
    local.save()

    unit_package_import(data=package)
    unit_package_import(data=package)

    local.refresh_from_db()
    assert local.headnote == "Our own headnote, changed here."
    imported = Source.objects.get(slug="lend-lease-act-1941-imported")
    assert imported.headnote != local.headnote
    assert Source.objects.filter(slug__startswith="lend-lease-act-1941").count() == 2


def test_a_package_carries_no_student_data(shipped, teacher):
    from assignments.services import answers as work
    from assignments.services.assignments import assignment_create
    from classrooms.services import classroom_create, enrolment_ensure
    from tests.builders import StudentFactory

    classroom = classroom_create(owner=teacher, name="Period 7 Zebracorn", section="Z")
    student = StudentFactory(
        username="pupil.qzx", first_name="Quillon", last_name="Zarthwick"
    )
    enrolment_ensure(classroom=classroom, student=student)
    lesson = shipped.lessons.order_by("order").first()
    now = timezone.now()
    (assignment,) = assignment_create(
        lesson=lesson,
        classrooms=[classroom],
        created_by=teacher,
        available_from=now - timedelta(hours=1),
        due_at=now + timedelta(days=1),
    )
    response = work.response_get_or_create(
        assignment=assignment, prompt=lesson.prompts.first(), student=student
    )
    work.response_draft_save(
        response=response, text="Xylophonic secret answer", revision=1
    )
    shipped.co_authors.add(teacher)

    package = unit_package_export(unit=shipped)

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert sorted(archive.namelist()) == [
            "library.json",
            "manifest.json",
            "unit.json",
        ]
        text = "".join(archive.read(n).decode() for n in archive.namelist())
    for secret in [
        "pupil.qzx",
        "Quillon",
        "Zarthwick",
        "Xylophonic",
        "Zebracorn",
        teacher.username,
        teacher.last_name,
        '"owner"',
        '"co_authors"',
        "assignment",
    ]:
        assert secret not in text


def test_the_manifest_has_version_counts_and_checksums(shipped):
    package = unit_package_export(unit=shipped)
    manifest = package_read(package).manifest
    assert manifest["format_version"] == 1
    assert manifest["app_version"]
    assert manifest["created_at"]
    assert manifest["counts"]["lessons"] == shipped.lessons.count()
    assert (
        manifest["counts"]["prompts"]
        == Prompt.objects.filter(lesson__unit=shipped).count()
    )
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name, member in manifest["members"].items():
            assert member["sha256"] == hashlib.sha256(archive.read(name)).hexdigest()


# --- bad packages -------------------------------------------------------------------


def _members(package):
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def _declare_size(package: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a zip's headers declare for one member."""
    data = bytearray(package)
    name = member.encode()
    for signature, size_at, name_len_at, name_at in [
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ]:
        start = 0
        while (pos := data.find(signature, start)) != -1:
            (name_len,) = struct.unpack_from("<H", data, pos + name_len_at)
            if bytes(data[pos + name_at : pos + name_at + name_len]) == name:
                struct.pack_into("<I", data, pos + size_at, size)
            start = pos + 4
    return bytes(data)


def _zeros_member(size: int) -> bytes:
    """A zip whose unit.json is ``size`` zero bytes, compressed in a stream (never
    held in memory whole)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("unit.json", "w", force_zip64=True) as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return buffer.getvalue()


def _bad_package(case: str, package: bytes) -> tuple[bytes, str]:
    """A broken version of a good package, and the words the refusal must contain."""
    members = _members(package)
    manifest = json.loads(members["manifest.json"])
    builders = {
        "truncated": lambda: (
            package[: len(package) // 2],
            "not a complete unit package",
        ),
        "not a zip": lambda: (b"PDF-1.4 not a zip", "not a complete unit package"),
        "wrong version": lambda: (
            _zip(
                {
                    **members,
                    "manifest.json": json.dumps(
                        {**manifest, "format_version": 99}
                    ).encode(),
                }
            ),
            "format version 99",
        ),
        "member ../x": lambda: (
            _zip({**members, "../x": b"x"}),
            "a path outside the package",
        ),
        "absolute path": lambda: (
            _zip({**members, "/etc/passwd": b"x"}),
            "a path outside the package",
        ),
        "1 GB member (declared)": lambda: (
            _declare_size(_zip(members), "unit.json", 1024**3),
            "would unpack to 1024 MB",
        ),
        "zip bomb (compressible stream)": lambda: (
            _zeros_member(8 * 1024 * 1024),
            "compressed suspiciously well",
        ),
        "zip bomb (header lies)": lambda: (
            _declare_size(_zeros_member(40 * 1024 * 1024), "unit.json", 1000),
            "damaged",
        ),
        "checksum mismatch": lambda: (
            _zip(
                {
                    **members,
                    "unit.json": members["unit.json"].replace(b"Alliance", b"Alliancx"),
                }
            ),
            "checksum",
        ),
        "no manifest": lambda: (
            _zip({"unit.json": members["unit.json"]}),
            "no manifest",
        ),
    }
    return builders[case]()


@pytest.mark.parametrize(
    "case",
    [
        "truncated",
        "not a zip",
        "wrong version",
        "member ../x",
        "absolute path",
        "1 GB member (declared)",
        "zip bomb (compressible stream)",
        "zip bomb (header lies)",
        "checksum mismatch",
        "no manifest",
    ],
)
def test_a_bad_package_is_refused_with_a_message_and_changes_nothing(shipped, case):
    data, message = _bad_package(case, unit_package_export(unit=shipped))
    Source.objects.filter(
        slug="lend-lease-act-1941"
    ).delete()  # so an import would add it
    fingerprint = database_fingerprint()

    with pytest.raises(PackageError) as error:
        unit_package_import(data=data)

    assert message in str(error.value)
    assert database_fingerprint() == fingerprint


def test_a_package_failing_half_way_leaves_nothing_behind(shipped):
    members = {
        name: json.loads(blob)
        for name, blob in _members(unit_package_export(unit=shipped)).items()
        if name != "manifest.json"
    }
    members["unit.json"]["lessons"][-1]["prompts"][0]["skill"] = "telepathy"
    members["unit.json"]["unit"]["package_id"] = str(uuid.uuid4())
    members["unit.json"]["unit"]["slug"] = "another-unit"
    package = package_write(members=members, summary={})
    Source.objects.filter(slug="lend-lease-act-1941").delete()
    fingerprint = database_fingerprint()

    with pytest.raises(PackageError, match="not valid here"):
        unit_package_import(data=package)

    assert database_fingerprint() == fingerprint


def test_an_oversized_file_is_refused_before_it_is_opened(shipped, settings):
    settings.PORTAL_PACKAGE_MAX_BYTES = 1000
    with pytest.raises(PackageError, match="too large"):
        unit_package_import(data=unit_package_export(unit=shipped))


# --- commands -----------------------------------------------------------------------


def test_export_and_import_commands(shipped, tmp_path):
    path = tmp_path / "alliance.unit.zip"
    out = io.StringIO()
    call_command("export_unit", SHIPPED_SLUG, "--output", str(path), stdout=out)
    assert path.exists()
    Unit.objects.all().delete()

    out = io.StringIO()
    call_command("import_unit", str(path), stdout=out)
    text = out.getvalue()
    assert "lessons: 7/7" in text  # progress
    assert "imported" in text
    out = io.StringIO()
    call_command("import_unit", str(path), stdout=out)
    assert "already up to date" in out.getvalue()


def test_import_command_refuses_a_bad_package(tmp_path, db):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_unit", str(path), stdout=io.StringIO())


@pytest.fixture
def pictured_unit(teacher, django_capture_on_commit_callbacks):
    """A unit whose lesson holds a poster (PNG) and a scanned page (JPEG), shared."""
    unit = lesson_services.unit_create(owner=teacher, title="Posters")
    lesson = lesson_services.lesson_create(unit=unit, title="Propaganda")
    with django_capture_on_commit_callbacks(execute=True):
        poster = image_build(owner=None, title="Allies poster", transcription="UNITED")
        scan = image_build(
            owner=None,
            title="A scanned letter",
            data=picture_bytes(size=(300, 400), format="JPEG"),
        )
    for excerpt in (poster, scan):
        lesson_services.lesson_excerpt_add(lesson=lesson, excerpt=excerpt)
    return unit


def _stored(image) -> bytes:
    with default_storage.open(image.original.name, "rb") as stored:
        return stored.read()


def test_a_unit_with_pictures_travels_with_byte_identical_files(
    pictured_unit, django_capture_on_commit_callbacks
):
    before = {
        e.title: (_stored(e.image), e.image.alt_text, e.text)
        for e in Excerpt.objects.filter(kind="image").select_related("image")
    }
    package = unit_package_export(unit=pictured_unit)
    pictures = [n for n in _members(package) if n.startswith("pictures/")]
    assert len(pictures) == 2
    Unit.objects.all().delete()
    Source.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        result = unit_package_import(data=package)
    after = {
        e.title: (_stored(e.image), e.image.alt_text, e.text)
        for e in Excerpt.objects.filter(kind="image").select_related("image")
    }
    assert after == before
    assert result.counts["pictures"]["created"] == 2
    for image in ExcerptImage.objects.all():
        assert image.display and image.thumbnail  # made again on import
    # A second import changes nothing.
    again = unit_package_import(data=package)
    assert not again.changed
    assert ExcerptImage.objects.count() == 2


def test_a_package_picture_that_is_not_a_picture_is_refused(pictured_unit, settings):
    members = _members(unit_package_export(unit=pictured_unit))
    name = next(n for n in members if n.startswith("pictures/"))
    manifest = json.loads(members["manifest.json"])
    # An SVG with a script, its checksum put in the manifest as a forger would.
    members[name] = SVG_WITH_SCRIPT
    manifest["members"][name] = {
        "size": len(SVG_WITH_SCRIPT),
        "sha256": hashlib.sha256(SVG_WITH_SCRIPT).hexdigest(),
    }
    members["manifest.json"] = json.dumps(manifest).encode()
    Unit.objects.all().delete()
    Source.objects.all().delete()
    with pytest.raises(PackageError, match="was refused"):
        unit_package_import(data=_zip(members))
    assert not Excerpt.objects.exists()


def test_a_picture_member_not_in_the_manifest_is_refused(pictured_unit):
    members = _members(unit_package_export(unit=pictured_unit))
    members["pictures/" + "0" * 64 + ".png"] = picture_bytes()
    with pytest.raises(PackageError, match="does not match the manifest"):
        package_read(_zip(members))
    members["pictures/../../evil.png"] = b"x"
    with pytest.raises(PackageError):
        package_read(_zip(members))


def broken_after_its_pictures(package: bytes) -> bytes:
    """The same package with its last lesson made invalid: the import stores the
    pictures (sources come first), then fails on the lessons."""
    members = _members(package)
    data = {n: json.loads(b) for n, b in members.items() if n.endswith(".json")}
    data.pop("manifest.json")
    data["unit.json"]["lessons"][-1]["title"] = "x" * 1000
    files = {n: b for n, b in members.items() if n.startswith("pictures/")}
    return package_write(members=data, summary={}, files=files)


def test_an_import_failing_after_storing_its_pictures_leaves_no_file(
    pictured_unit, settings
):
    package = broken_after_its_pictures(unit_package_export(unit=pictured_unit))
    Unit.objects.all().delete()
    Source.objects.all().delete()
    files_before = set(Path(settings.MEDIA_ROOT).rglob("*"))

    with pytest.raises(PackageError, match="not valid here"):
        unit_package_import(data=package)

    assert not ExcerptImage.objects.exists()
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) - files_before == set()


def test_a_document_based_essays_rules_travel_in_the_package(shipped):
    prompt = Prompt.objects.filter(lesson__unit=shipped).order_by("lesson", "order")[0]
    documents = prompt.lesson.lesson_excerpts.count()
    Prompt.objects.filter(pk=prompt.pk).update(
        kind="essay",
        essay_min_documents=documents,
        essay_min_sourced=1,
        essay_thesis_required=False,
    )
    lesson_order, order = prompt.lesson.order, prompt.order
    package = unit_package_export(unit=shipped)
    Unit.objects.all().delete()

    unit_package_import(data=package)

    copy = Prompt.objects.get(
        lesson__unit__slug=SHIPPED_SLUG, lesson__order=lesson_order, order=order
    )
    assert (
        copy.essay_min_documents,
        copy.essay_min_sourced,
        copy.essay_thesis_required,
    ) == (documents, 1, False)


def test_source_first_travels_in_the_package(shipped):
    lesson_services.lesson_update(
        lesson=shipped.lessons.get(order=2), source_first=True
    )
    package = unit_package_export(unit=shipped)
    Unit.objects.all().delete()

    unit_package_import(data=package)

    lessons = Lesson.objects.filter(unit__slug=SHIPPED_SLUG)
    assert sorted(
        lessons.filter(source_first=True).values_list("order", flat=True)
    ) == [
        2,
        7,
    ]


# --- the evidence grid's fields (issue 16) ------------------------------------------


def test_a_grid_prompt_and_source_perspectives_travel_in_a_package(shipped):
    lesson = shipped.lessons.order_by("order").first()
    lesson_services.prompt_create(
        lesson=lesson,
        text="Weigh the documents",
        skill="corroboration",
        kind="grid",
        grid_questions="Does it show trust?\nWho made it, and why?",
    )
    package = unit_package_export(unit=shipped)
    members = {
        name: json.loads(blob)
        for name, blob in _members(package).items()
        if name != "manifest.json"
    }
    sources = members["library.json"]["sources"]
    assert {s["slug"]: s["perspective"] for s in sources}["lend-lease-act-1941"] == (
        "American"
    )
    before = unit_snapshot(shipped)
    Unit.objects.all().delete()
    Source.objects.all().delete()
    Theme.objects.all().delete()

    unit = unit_package_import(data=package).unit

    assert unit_snapshot(unit) == before
    grid = Prompt.objects.get(lesson__unit=unit, lesson__order=1, kind="grid")
    assert grid.grid_question_list == ["Does it show trust?", "Who made it, and why?"]
    assert Source.objects.get(
        slug="stalin-accepts-lend-lease-credit-1941"
    ).perspective == ("Soviet")


def test_a_package_made_before_the_grid_still_imports_and_matches(shipped):
    members = {
        name: json.loads(blob)
        for name, blob in _members(unit_package_export(unit=shipped)).items()
        if name != "manifest.json"
    }
    for source in members["library.json"]["sources"]:
        del source["perspective"]
    for lesson in members["unit.json"]["lessons"]:
        for prompt in lesson["prompts"]:
            del prompt["kind"], prompt["grid_questions"]
    Source.objects.update(perspective="")
    sources = Source.objects.count()

    result = unit_package_import(data=package_write(members=members, summary={}))

    assert Source.objects.count() == sources  # matched, not imported again
    assert set(result.unit.lessons.values_list("prompts__kind", flat=True)) == {
        "answer"
    }
