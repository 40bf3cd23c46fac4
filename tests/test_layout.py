"""The code's layout, as CONVENTIONS.md describes it: views are thin functions in packages by
area, no view module leans on another, and every URL pattern lives in its app's urls.py."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("commissioning", "applications", "panels")
LONGEST_VIEW = 30


def view_modules():
    return sorted(path for app in APPS for path in (ROOT / app / "views").glob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def imported_modules(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_apps_have_view_packages():
    assert {path.parent.parent.name for path in view_modules()} == set(APPS)


@pytest.mark.parametrize("path", view_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_view_module_never_imports_another(path):
    others = {f"{app}.views.{p.stem}" for app in APPS for p in (ROOT / app / "views").glob("*.py") if p != path}
    others |= {f"{app}.views" for app in APPS}
    assert not imported_modules(parsed(path)) & others


@pytest.mark.parametrize("path", view_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_url_patterns_live_in_the_apps_urls_module(path):
    assigned = {
        target.id
        for node in parsed(path).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert "urlpatterns" not in assigned


def view_functions():
    """Every public function in a views package, with its length from `def` to its last line."""
    for path in view_modules():
        for node in parsed(path).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield f"{path.relative_to(ROOT)}::{node.name}", node.end_lineno - node.lineno + 1


def test_no_view_function_is_longer_than_thirty_lines():
    """Past 30 lines the extra logic belongs on a model, a QuerySet, a service or the policy."""
    too_long = {name: length for name, length in view_functions() if length > LONGEST_VIEW}
    assert too_long == {}


def views_without_a_method_decorator():
    for path in view_modules():
        for node in parsed(path).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            takes_a_request = node.args.args and node.args.args[0].arg == "request"
            decorators = [ast.unparse(decorator) for decorator in node.decorator_list]
            if takes_a_request and not any(decorator.startswith("require_") for decorator in decorators):
                yield f"{path.relative_to(ROOT)}::{node.name}"


def test_every_view_says_which_methods_it_answers():
    """A page that only shows things refuses a POST (405) rather than quietly treating it as a GET."""
    assert list(views_without_a_method_decorator()) == []


WORKFLOW_COMPARISON = re.compile(r"\.(status|outcome)\s*(==|!=|in\s)")


def test_templates_ask_the_models_about_the_workflow():
    """`membership.is_invited`, `assessment.is_submitted`, `count.is_tie`: the model knows its
    own states, so a renamed value cannot silently change what a page shows."""
    comparisons = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WORKFLOW_COMPARISON.search(line)
    ]
    assert comparisons == []


# What only the panels app knows: its URLs, its templates, its models, its stages of a round.
PANEL_KNOWLEDGE = re.compile(
    r"""['"]panels[:/]|\bpanels\.|funding_decision|\.kind\s*==|"""
    r"""(?:is_at|has_reached|is_before):\s*["'](?:shortlisting|interviews)["']"""
)
CORE_TEMPLATES = ("commissioning", "applications", "includes", "registration", "gds")


def core_template_lines():
    paths = [ROOT / "templates" / "base.html"]
    for folder in CORE_TEMPLATES:
        paths += sorted((ROOT / "templates" / folder).rglob("*.html")) + sorted(
            (ROOT / "templates" / folder).rglob("*.txt")
        )
    for path in paths:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            yield f"{path.relative_to(ROOT)}:{number}", line


def test_core_templates_know_no_panels():
    """The panels app adds its parts to core pages (commissioning/page_parts.py); a core template
    that links to a panel page or asks about a panel stage would break without that app."""
    found = [where for where, line in core_template_lines() if PANEL_KNOWLEDGE.search(line)]
    assert found == []


def test_the_panels_parts_of_core_pages_are_registered():
    from commissioning import page_parts

    assert "panels/includes/round_manage_links.html" in page_parts.templates_for("round_manage")
    assert "panels/includes/round_open_data.html" in page_parts.templates_for("round_public")
    assert "panels/includes/feedback_letter_link.html" in page_parts.templates_for("application_status")


def test_no_two_pages_share_a_title():
    """WCAG 2.4.2: a title says which page this is. Two templates with the same title (the same
    words, or the same words around the same variable) would be two pages a screen reader user,
    or anyone with several tabs open, cannot tell apart."""
    import collections

    titles = collections.defaultdict(list)
    for template in (ROOT / "templates").rglob("*.html"):
        found = re.search(r"{% block title %}(.*?){% endblock", template.read_text(), re.S)
        if found:
            titles[" ".join(found.group(1).split())].append(str(template.relative_to(ROOT)))
    shared = {title: sorted(names) for title, names in titles.items() if len(names) > 1}
    assert shared == {}
