"""Moving through a page with the keyboard alone, as a person using no mouse would."""

from playwright.sync_api import expect


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(locator).to_be_focused()


def type_into(page, locator, words: str):
    """Tab to a text box, clear it and type."""
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(words)


def press(page, locator):
    """Tab to a link or button and press Enter."""
    tab_to(page, locator)
    page.keyboard.press("Enter")


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in(page, email: str):
    """From the sign-in page a private page sends signed-out people to, with the keyboard."""
    from tests.commissioning.factories import TEST_PASSWORD

    expect(heading(page)).to_have_text("Sign in")
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password"), TEST_PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))
