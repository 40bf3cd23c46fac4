"""axe-core in a real Chromium: `assert_accessible(page)` fails listing every WCAG 2.2 AA violation."""

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def violations(page, also: tuple[str, ...] = ()) -> list[dict]:
    """axe's WCAG 2.2 AA violations on the page as it is now (color-contrast among them), and
    those of the rules named in `also` (say "color-contrast-enhanced", AAA's 7:1)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    if also:
        options["rules"] = {rule: {"enabled": True} for rule in also}
    return _axe.run(page, options=options).response["violations"]


def describe(violation: dict, limit: int = 5) -> list[str]:
    """A violation as lines: its rule, then up to `limit` of the elements it failed on."""
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:limit]:
        lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return lines


def assert_accessible(page) -> None:
    found = violations(page)
    if found:
        lines = [f"{len(found)} accessibility violation(s) on {page.url}:"]
        for violation in found:
            lines.extend(describe(violation))
        raise AssertionError("\n".join(lines))


# What axe does not check: the borders of form controls (WCAG 1.4.11, 3:1 against what is
# around them) and the colours of the focus style. Checked where a colour preference changes them.
_CONTROLS_AND_FOCUS = """
(focusable) => {
  const parse = (colour) => {
    const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const [R, G, B] = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ratio = (one, two) => {
    const [x, y] = [luminance(parse(one)), luminance(parse(two))];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const behind = (el) => {  // the first opaque background at or above el
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (parse(colour).a > 0) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const name = (el) =>
    el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".")
      : "");
  const problems = [];
  const need = (what, el, measured, at_least) => {
    if (measured < at_least) problems.push(`${what} of ${name(el)}: ${measured.toFixed(2)}:1, needs ${at_least}:1`);
  };
  for (const el of document.querySelectorAll("input.govuk-input, textarea, select")) {
    const style = getComputedStyle(el);
    need("border", el, ratio(style.borderTopColor, behind(el.parentElement)), 3);
    need("text", el, ratio(style.color, behind(el)), 4.5);
  }
  for (const el of document.querySelectorAll(".govuk-radios__label, .govuk-checkboxes__label")) {
    const box = getComputedStyle(el, "::before");
    const box_fill = parse(box.backgroundColor).a > 0 ? box.backgroundColor : behind(el);
    need("box border", el, ratio(box.borderTopColor, behind(el)), 3);
    // The tick of a checkbox is its mark's left and bottom borders; a radio's dot is all border.
    need("checked mark", el, ratio(getComputedStyle(el, "::after").borderLeftColor, box_fill), 3);
  }
  for (const selector of focusable) {
    const el = document.querySelector(selector);
    if (!el) continue;
    el.focus();
    const style = getComputedStyle(el);
    if (el.matches("input, textarea, select")) {
      need("focus outline", el, ratio(style.outlineColor, behind(el.parentElement)), 3);
    } else {
      const text = el.matches(".govuk-details__summary") ? el.querySelector(".govuk-details__summary-text") : el;
      need("focused text", el, ratio(getComputedStyle(text).color, behind(text)), 4.5);
    }
    el.blur();
  }
  return problems;
}
"""
FOCUSABLE = [
    "main a.govuk-link",
    ".govuk-breadcrumbs__link",
    ".govuk-back-link",
    ".govuk-service-navigation__link",
    ".govuk-header__link",
    ".govuk-footer__link",
    ".govuk-task-list__link",
    ".govuk-summary-list__actions a",
    ".govuk-summary-card__actions a",
    ".govuk-error-summary__list a",
    ".govuk-notification-banner__link",
    ".govuk-details__summary",
    ".govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)",
    ".govuk-button--secondary",
    ".govuk-button--warning",
    ".ct-link-button",
    "input.govuk-input",
    "textarea",
]


def control_and_focus_problems(page) -> list[str]:
    """Form control borders under 3:1 against what is around them, and focused links or buttons
    whose text is under 4.5:1 on the focus colour."""
    return page.evaluate(_CONTROLS_AND_FOCUS, FOCUSABLE)


def assert_reflows(page, width: int = 320) -> None:
    """WCAG 1.4.10: at 320 CSS pixels wide (400% zoom) the page needs no sideways scrolling."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 720})
    try:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide = page.evaluate(_WIDEST)
            raise AssertionError(f"{page.url} is {overflow}px wider than {width}px: it scrolls sideways ({wide})")
        assert_accessible(page)
    finally:
        if before:
            page.set_viewport_size(before)


# The outermost elements that reach past the right edge of the window: what makes a page scroll.
_WIDEST = """
() => {
  const edge = document.documentElement.clientWidth;
  const scrolls = (el) => el.closest(".ct-scroll-table");  // reaches past the edge inside its own scroller
  const over = [...document.querySelectorAll("body *")].filter(
    (el) => el.getBoundingClientRect().right > edge + 1 && !scrolls(el)
  );
  const outermost = over.filter((el) => !over.includes(el.parentElement));
  return outermost.slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "")).join(", ");
}
"""
