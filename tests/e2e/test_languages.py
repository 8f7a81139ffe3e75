"""The language menu in a real browser: a student switches to Spanish on the sign-in
page with the keyboard alone, signs in, and reads the to-do list and the assignment
page in Spanish (axe on each, with lang="es")."""

import gettext
from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean
from tests.builders import PASSWORD


def _english_left(page) -> list[str]:
    """Our English sentences (three words or more, from the Spanish catalogue's
    msgids) still visible on the page: a word not marked for translation, or one
    the catalogue has no Spanish for."""
    mo = Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.mo"
    with mo.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog
    text = page.evaluate("document.body.innerText")
    english = {
        (key[0] if isinstance(key, tuple) else key)
        for key, spanish in catalogue.items()
        if key and spanish != key and "%" not in str(key) and "<" not in str(key)
    }
    return sorted(m for m in english if len(m.split()) >= 3 and m in text)


def test_student_switches_to_spanish_on_sign_in_and_reads_in_spanish(
    page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)

    page.goto("/accounts/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_axe_clean(page, "sign-in with the language menu")

    # Keyboard only: Tab to the menu, pick the next language, Tab to Change, Enter.
    menu = page.get_by_label("Language")
    while not page.evaluate("document.activeElement.id === 'language-menu'"):
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    expect(menu).to_have_value("es")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    expect(page.get_by_label("Idioma (Language)")).to_have_value("es")
    assert_axe_clean(page, "sign-in in Spanish")

    page.get_by_label("Nombre de usuario").fill(student.username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendientes")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_axe_clean(page, "to-do list in Spanish")

    assert _english_left(page) == []

    page.goto(f"/assignments/{assignment.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_axe_clean(page, "assignment page in Spanish")
    assert _english_left(page) == []

    # Read, cite (a quotation by hand), save, submit: every word in Spanish.
    prompt = assignment.lesson.prompts.get()
    form = page.locator(f"#answer-{prompt.pk}-form")
    box = form.get_by_label("Tu respuesta a la pregunta 1")
    box.fill("La alianza se sostuvo porque ambos la necesitaban.")
    form.get_by_text("Añadir una cita a mano", exact=True).click()
    form.get_by_label("Número de párrafo (¶)").fill("1")
    form.get_by_label("Las palabras que citas, copiadas de ese párrafo").fill(
        "lend or lease"
    )
    form.get_by_role("button", name="Añadir cita").click()
    notice = page.locator(f"#answer-{prompt.pk}-notice")
    expect(notice).to_have_text("La cita se añadió a tu evidencia.")
    with page.expect_response(lambda r: r.request.method == "POST"):
        form.get_by_role("button", name="Guardar borrador").click()
    expect(page.locator(f"#answer-{prompt.pk}-status")).to_contain_text("Guardado")
    # The saved form is swapped in before the next button is pressed.
    expect(form.get_by_role("button", name="Entregar respuesta")).to_be_enabled()
    page.wait_for_timeout(300)
    form.get_by_role("button", name="Entregar respuesta").click()
    expect(page.get_by_text("Tu respuesta está entregada (versión 1).")).to_be_visible()
    # Numbers in the page's language too (the character counter).
    expect(form.get_by_text("de 20.000 caracteres")).to_be_visible()
    assert_axe_clean(page, "a submitted answer in Spanish")
    assert _english_left(page) == []

    # The account remembers nothing it was not told: no choice was made signed in.
    student.refresh_from_db()
    assert student.language == ""
