"""The language menu in a real browser: a student switches to Spanish on the sign-in
page with the keyboard alone, signs in, and reads the to-do list and the assignment
page in Spanish (axe on each, with lang="es")."""

from playwright.sync_api import expect

from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean
from tests.builders import PASSWORD


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

    page.goto(f"/assignments/{assignment.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_axe_clean(page, "assignment page in Spanish")

    # The account remembers nothing it was not told: no choice was made signed in.
    student.refresh_from_db()
    assert student.language == ""
