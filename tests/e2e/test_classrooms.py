import re

from playwright.sync_api import expect

from classrooms.services import classroom_create
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def test_teacher_makes_a_class_and_cards_and_a_student_signs_in_and_joins_another(
    page, new_page, live_server, teacher, other_teacher
):
    second = classroom_create(owner=other_teacher, name="World History", section="B")

    # The teacher creates a class.
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    assert_axe_clean(page, "teacher home")
    page.get_by_role("link", name="Classes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Classes")
    assert_axe_clean(page, "class list")
    page.get_by_role("link", name="New class").click()
    assert_axe_clean(page, "new class")
    page.get_by_label("Class name").fill("U.S. History")
    page.get_by_label("Section or period").fill("Period 3")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("U.S. History")
    assert_axe_clean(page, "empty roster")

    # ...pastes three names, one with stray spaces and blank lines around it.
    page.get_by_role("link", name="Add students").first.click()
    assert_axe_clean(page, "add students")
    page.get_by_label("Paste names").fill(
        "Maya Okafor\n\n   Leo   Haddad  \nSofia Lindqvist\n"
    )
    expect(page.locator("#names-count")).to_have_text("3 names")
    page.get_by_role("button", name="Create accounts").click()

    # ...and gets the login cards.
    expect(page.get_by_role("heading", level=1)).to_have_text("Login cards")
    cards = page.locator(".login-card")
    expect(cards).to_have_count(3)
    assert_axe_clean(page, "login cards")
    maya = cards.filter(has_text="Maya Okafor")
    username, password = maya.locator(".credential").all_inner_texts()
    assert username == "maya.okafor"
    assert re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", password)
    expect(maya).to_contain_text("http://")

    page.get_by_role("link", name="U.S. History").click()
    expect(page.get_by_role("row", name=re.compile("Okafor"))).to_contain_text(
        "Not signed in yet"
    )
    assert_axe_clean(page, "roster")

    # A student signs in with the card, must choose a password, then joins a class.
    tab = new_page()
    sign_in(tab, live_server.url, username, password)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Choose your own password")
    assert_axe_clean(tab, "first password change")
    tab.get_by_label("Old password").fill(password)
    tab.get_by_label(re.compile(r"^\s*New password\W*$")).fill("my Own secret 2026")
    tab.get_by_label("New password confirmation").fill("my Own secret 2026")
    tab.get_by_role("button", name="Save password").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("To do")
    expect(tab.locator("section", has=tab.locator("#classes-heading"))).to_contain_text(
        "U.S. History"
    )
    assert_axe_clean(tab, "student to-do")

    tab.get_by_role("link", name="Join a class").first.click()
    assert_axe_clean(tab, "join a class")
    tab.get_by_label("Class code").fill("WRONG123")
    tab.get_by_role("button", name="Join").click()
    expect(tab.locator("[data-error-summary]")).to_contain_text(
        "No class has that code"
    )
    assert_axe_clean(tab, "join with a wrong code")
    tab.get_by_label("Class code").fill(second.join_code.lower())
    tab.get_by_role("button", name="Join").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("My classes")
    expect(tab.get_by_role("status")).to_contain_text("You joined World History")
    classes = tab.locator("main .list-group-item")
    expect(classes).to_have_count(2)
    expect(classes.first).to_contain_text("U.S. History")
    expect(classes.last).to_contain_text("World History")
    assert_axe_clean(tab, "my classes")
    # Classmates stay private.
    assert "leo.haddad" not in tab.content() and "Haddad" not in tab.content()
