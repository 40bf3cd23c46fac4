"""One vocabulary of stages (CONVENTIONS.md): "this stage or later" is asked of the round,
`funding_round.has_reached(stage)` or `FundingRound.objects.that_have_reached(stage)`, never
written out as a hand-made tuple, list or set of round statuses outside commissioning/models.py;
and templates ask the round, never compare its status with a string."""

import ast
import re
from pathlib import Path

from commissioning.models import FundingRound

ROOT = Path(__file__).resolve().parent.parent
APPS = ("commissioning", "applications", "panels")
HOME = ROOT / "commissioning" / "models.py"
MEMBERS = {member.name for member in FundingRound.Status}
VALUES = {member.value for member in FundingRound.Status}
# Other models' choices that happen to share a member's name (Application.Status.DRAFT...).
OTHER_OWNERS = re.compile(r"^(?!FundingRound)[A-Z]\w*$")


def code_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path != HOME:
                yield path


def status_aliases(tree: ast.Module) -> set[str]:
    """Names bound to FundingRound.Status in a module (`Status = FundingRound.Status`)."""
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and ast.unparse(node.value).endswith("FundingRound.Status")
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def is_round_status(node: ast.expr, aliases: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value in VALUES
    if not (isinstance(node, ast.Attribute) and node.attr in MEMBERS):
        return False
    owner = node.value
    if isinstance(owner, ast.Name):
        return owner.id in aliases
    if isinstance(owner, ast.Attribute) and owner.attr == "Status":
        root = owner.value
        # FundingRound.Status.X, funding_round.Status.X; not Application.Status.DRAFT.
        return not (isinstance(root, ast.Name) and OTHER_OWNERS.match(root.id))
    return False


def stage_tuples() -> list[str]:
    found = []
    for path in code_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        aliases = status_aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                statuses = [element for element in node.elts if is_round_status(element, aliases)]
                if len(statuses) >= 2:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    return found


# `funding_round.status == "open"`, `round.next_status != 'closed'`, `"open" == round.status`.
STATUS = r"round\.(?:next_)?status"
TEMPLATE_COMPARISON = re.compile(rf"{STATUS}\s*(?:==|!=|in\b|not in\b)|(?:==|!=)\s*\w*{STATUS}")


def template_comparisons() -> list[str]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "templates").rglob("*.txt")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if TEMPLATE_COMPARISON.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number} {line.strip()}")
    return found


def test_the_checker_sees_a_stage_tuple():
    tree = ast.parse("x in (Status.OPEN, FundingRound.Status.CLOSED, 'decision')")
    node = next(node for node in ast.walk(tree) if isinstance(node, ast.Tuple))
    assert [is_round_status(element, {"Status"}) for element in node.elts] == [True, True, True]
    other = ast.parse("(Application.Status.DRAFT, Application.Status.SUBMITTED)").body[0].value
    assert not any(is_round_status(element, set()) for element in other.elts)


def test_no_stage_tuples_outside_the_round_model():
    assert stage_tuples() == []


def test_no_template_compares_a_rounds_status_with_a_string():
    assert TEMPLATE_COMPARISON.search('{% if funding_round.status == "open" %}')
    assert TEMPLATE_COMPARISON.search("{% if 'closed' != round.next_status %}")
    assert not TEMPLATE_COMPARISON.search('{% if funding_round|has_reached:"open" %}')
    assert template_comparisons() == []
