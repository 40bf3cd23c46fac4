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
