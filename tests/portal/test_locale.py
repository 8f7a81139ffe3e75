"""The catalogues in locale/ (docs/languages.md): they compile, the committed .mo
files are what the .po files say, the portal offers every language that has a
catalogue, and pages and the JavaScript catalogue come in the reader's language."""

import gettext
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def _msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        reason = "gettext's msgfmt is not installed (apt-get install gettext)"
        if os.environ.get("PORTAL_REQUIRE_GETTEXT") == "1":
            pytest.fail(f"msgfmt is required here, but {reason}", pytrace=False)
        pytest.skip(reason)
    return found


def test_spanish_catalogues_are_there():
    names = {(p.parent.parent.name, p.stem) for p in CATALOGUES}
    assert {("es", "django"), ("es", "djangojs")} <= names


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-3]}-{p.stem}")
def test_catalogue_compiles_and_the_committed_mo_is_up_to_date(po, tmp_path):
    """msgfmt --check refuses a broken catalogue (a placeholder such as %(name)s
    missing from a translation, a bad plural); the .mo in the repository must say
    what the .po says, so a clean clone without gettext speaks the same words."""
    compiled = tmp_path / "fresh.mo"
    result = subprocess.run(
        [_msgfmt(), "--check", "-o", str(compiled), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run msgfmt (./dev does)"
    with compiled.open("rb") as fresh, committed.open("rb") as kept:
        fresh_catalogue = gettext.GNUTranslations(fresh)._catalog
        kept_catalogue = gettext.GNUTranslations(kept)._catalog
    assert fresh_catalogue == kept_catalogue, (
        f"{committed} is older than {po.name}: run `./dev run` or "
        f"`msgfmt --check -o {committed} {po}`"
    )


def test_every_language_with_a_catalogue_is_offered():
    offered = dict(settings.LANGUAGES)
    assert set(offered) >= {"en", "es"}
    # Each named in its own words.
    assert offered["es"] == "español"
    assert offered["en"] == "English"


def test_sign_in_page_follows_the_browser_language(client, db):
    url = reverse("accounts:login")
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()
    assert '<html lang="es">' in spanish
    assert "Iniciar sesión" in spanish
    assert "Nombre de usuario" in spanish
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="en">' in english
    assert "Sign in" in english
    # A language the portal does not offer falls back to English.
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en">' in german


def test_sign_in_page_has_the_language_menu(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'action="{reverse("accounts:language")}"' in page
    assert '<label class="language-menu-label small" for="language-menu">' in page
    assert '<option value="es" lang="es">Español</option>' in page
    assert '<option value="en" lang="en" selected>English</option>' in page


def test_javascript_catalogue_is_served_by_the_portal_in_the_page_language(client, db):
    url = reverse("javascript_catalog")
    spanish = client.get(f"{url}?v=es", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200
    assert "Copiado." in spanish.content.decode()
    english = client.get(f"{url}?v=en", HTTP_ACCEPT_LANGUAGE="en")
    assert "Copiado." not in english.content.decode()


def test_every_page_loads_the_javascript_catalogue_in_its_language(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="es")
    assert f'<script src="{reverse("javascript_catalog")}?v=es"></script>' in (
        page.content.decode()
    )


# --- the catalogue is complete (issue 18's CI check) --------------------------------

MAKEMESSAGES_IGNORE = [
    "node_modules",
    "tests",
    "fixtures",
    "bench",
    "staticfiles",
    "media",
    "backups",
    ".venv",
    "static/vendor",
]


def _statistics(po: Path) -> str:
    result = subprocess.run(
        [_msgfmt(), "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


def _entries(po: Path, flag: str) -> str:
    """The entries msgattrib picks with ``flag`` (--untranslated, --only-fuzzy),
    without the header, as a reader would look them up."""
    msgattrib = shutil.which("msgattrib") or _msgfmt().replace("msgfmt", "msgattrib")
    result = subprocess.run(
        [msgattrib, flag, "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return "\n".join(
        line for line in result.stdout.splitlines() if line.startswith("msgid ")
    )


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-3]}-{p.stem}")
def test_every_message_of_the_catalogue_is_translated_and_none_is_fuzzy(po):
    """A message without its translation shows in English; a fuzzy one is
    msgmerge's guess from a similar sentence, unused until someone checks it."""
    statistics = _statistics(po)
    missing = _entries(po, "--untranslated").replace('msgid ""', "").strip()
    fuzzy = _entries(po, "--only-fuzzy").strip()
    assert not missing, f"{po}: {statistics}. Untranslated:\n{missing}"
    assert not fuzzy, f"{po}: {statistics}. Fuzzy:\n{fuzzy}"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_marked_in_the_code_is_in_the_spanish_catalogue(
    domain, settings, tmp_path
):
    """makemessages run afresh over the code (into a copy of the catalogue) adds
    nothing: every string marked for translation is in locale/es already, so the
    test above sees it. After adding words: see docs/languages.md.

    makemessages writes each file's strings to the locale directory whose parent
    holds that file, and takes the project's own locale/ when its walk meets it;
    so the copy sits in a directory of the project's top level and the walk skips
    locale/ (the committed catalogue is never written)."""
    _msgfmt()
    kept = LOCALE / "es" / "LC_MESSAGES" / f"{domain}.po"
    scratch = Path(settings.BASE_DIR) / f".locale-check-{uuid.uuid4().hex}"
    copy = scratch / "es" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(kept, copy / kept.name)
    settings.LOCALE_PATHS = [str(scratch)]
    options = {
        "locale": ["es"],
        "domain": domain,
        "ignore_patterns": [*MAKEMESSAGES_IGNORE, "locale", ".locale-check-*"],
        "no_wrap": True,
        "add_location": "file",
        "verbosity": 0,
    }
    before = kept.read_bytes()
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)
    try:
        call_command("makemessages", **options)
        fresh_text = (copy / kept.name).read_text(encoding="utf-8")
    finally:
        os.chdir(cwd)
        shutil.rmtree(scratch)
    assert kept.read_bytes() == before, f"the check wrote into {kept}"
    fresh = tmp_path / kept.name
    fresh.write_text(fresh_text, encoding="utf-8")
    missing = _entries(fresh, "--untranslated").replace('msgid ""', "").strip()
    assert not missing, (
        f"marked in the code but not in {kept} (run makemessages, then translate):"
        f"\n{missing}"
    )
