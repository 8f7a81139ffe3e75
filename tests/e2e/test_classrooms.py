import re

from playwright.sync_api import expect

from classrooms.services import classroom_create, enrolment_ensure
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory
from tests.classrooms.conftest import students_bulk_enrol


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

    # ...a job makes the accounts (its page: done, here, by the immediate backend;
    # tests/e2e/test_students_job.py watches a real worker)...
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Making 3 student accounts"
    )
    expect(page.locator("#job-status")).to_contain_text(
        "3 student accounts were made and put in the class."
    )
    assert_axe_clean(page, "accounts job done")
    page.get_by_role("link", name="Open the login cards").click()

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


LONG_NAME = "Maximiliana-Alexandrina Abernathy-Wolfeschlegelsteinhausenbergerdorff"


def _on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def _fits_on_screen(page, row, cells, context) -> None:
    """The row's cells are inside the viewport, nothing scrolls sideways, and axe
    finds nothing."""
    for cell in cells:
        assert _on_screen(page, row.locator(cell)), cell
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_axe_clean(page, context)


def test_a_roster_of_a_school_size_class_is_searched_paged_and_used_by_keyboard(
    page, live_server, teacher
):
    classroom = classroom_create(owner=teacher, name="U.S. History", section="P3")
    students_bulk_enrol(classroom, 120)
    first, last = LONG_NAME.split(" ")
    long_named = StudentFactory(first_name=first, last_name=last)
    enrolment_ensure(classroom=classroom, student=long_named)
    jamals = [
        StudentFactory(first_name="Jamal", last_name="Brown", student_number=f"40{n}")
        for n in range(3)
    ]
    for jamal in jamals:
        enrolment_ensure(classroom=classroom, student=jamal)

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(classroom.get_absolute_url())
    expect(page.locator(".page-heading")).to_contain_text("124 students")
    expect(page.locator("#roster-summary")).to_contain_text("Showing 1–50 of 124.")
    # The long name wraps: Username, Status and Actions stay on screen.
    row = page.get_by_role("row", name=re.compile("Wolfeschlegel"))
    cells = (".roster-username", ".roster-status", ".roster-actions summary")
    _fits_on_screen(page, row, cells, "roster, first page")

    # Search with the keyboard alone: three Jamal Browns, told apart.
    page.get_by_label("Find a student").focus()
    page.keyboard.type("Brown Jamal")
    page.keyboard.press("Enter")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#roster-summary")).to_contain_text(
        "3 of 124 students match “Brown Jamal”."
    )
    for jamal in jamals:
        jamal_row = page.get_by_role("row", name=re.compile(jamal.username))
        expect(jamal_row).to_contain_text("Same name as 2 others")
        expect(jamal_row).to_contain_text(jamal.student_number)
    assert_axe_clean(page, "roster search")

    # The row's menu opens from the keyboard; the actions that ask first are apart.
    summary = page.locator("summary", has_text=f"({jamals[1].username})")
    summary.focus()
    page.keyboard.press("Enter")
    items = summary.locator("xpath=..").locator(".row-menu-items")
    expect(items).to_be_visible()
    assert_axe_clean(page, "row menu open")
    page.keyboard.press("Escape")
    expect(items).to_be_hidden()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # New password
    page.keyboard.press("Tab")  # Accommodations
    page.keyboard.press("Tab")  # Export data
    page.keyboard.press("Tab")  # Remove from class…
    expect(page.locator(":focus")).to_have_text("Remove from class…")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove Jamal Brown")
    page.get_by_role("link", name="Cancel").click()

    # Paging keeps the order; page 3 holds the last four.
    page.get_by_role("link", name="3", exact=True).click()
    expect(page.locator("#roster-summary")).to_contain_text("Showing 101–124 of 124.")

    # On a phone each student is a card and nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(classroom.get_absolute_url() + "?q=Wolfeschlegel")
    row = page.get_by_role("row", name=re.compile("Wolfeschlegel"))
    cells = (".roster-name", ".roster-username", ".roster-actions summary")
    _fits_on_screen(page, row, cells, "roster at 390 px")
    row.locator("summary").click()
    assert _on_screen(page, row.locator(".row-menu-items"))
    assert_axe_clean(page, "row menu at 390 px")


def test_a_co_teacher_is_invited_and_accepts_from_the_keyboard(
    page, new_page, live_server, teacher, other_teacher
):
    """The owner invites by username (the page says the same whoever has it); the
    invited teacher finds the invitation on the Classes page and accepts."""
    classroom = classroom_create(owner=teacher, name="U.S. History", section="P3")
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}{classroom.get_absolute_url()}")
    page.get_by_label("Teacher's username").fill(other_teacher.username)
    page.get_by_role("button", name="Invite a co-teacher").click()
    expect(page.get_by_text("Invitation kept for")).to_be_visible()
    expect(page.get_by_text("Invited, not accepted yet")).to_be_visible()
    assert_axe_clean(page, "roster with an invitation waiting")
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        assert_axe_clean(page, f"at {width} px")

    invited = new_page()
    sign_in(invited, live_server.url, other_teacher.username, PASSWORD)
    invited.goto(f"{live_server.url}/classes/")
    expect(
        invited.get_by_role("heading", name="Invitations to co-teach")
    ).to_be_visible()
    assert_axe_clean(invited, "class list with an invitation")
    for width, height in [(1280, 800), (390, 844)]:
        invited.set_viewport_size({"width": width, "height": height})
        assert_axe_clean(invited, f"at {width} px")
    accept = invited.get_by_role("button", name=re.compile(r"^Accept"))
    accept.focus()
    invited.keyboard.press("Enter")
    expect(invited.get_by_text("You now co-teach U.S. History (P3).")).to_be_visible()
    expect(invited.get_by_role("heading", level=1)).to_have_text("U.S. History")
