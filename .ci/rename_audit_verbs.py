"""Rewrite call sites from `AuditEvent.Verb.X` to each app's own `Verb` constants.

Audit verbs moved out of a TextChoices on the core model (`AuditEvent.Verb`) into namespaced
strings that each app owns in `<app>/audit.py` (see commissioning/audit.py). This script does
the rename mechanically so a branch written against the old spelling can be brought up to date
by re-running it after a rebase:

    /work/main/.venv/bin/python .ci/rename_audit_verbs.py

It reads which app owns each constant from the apps' audit.py, then in every tracked .py, .html
and .txt file outside migrations:

- `AuditEvent.Verb.X` (and `Verb.X` where the file had `Verb = AuditEvent.Verb`) becomes `Verb.X`
  with `from <owner>.audit import Verb`; a file using several apps' verbs keeps `Verb` for its own
  app and imports the others as `CommissioningVerb`, `ApplicationVerb` and `PanelVerb`;
- a bare old verb string (`verb="signed_in"`) becomes the namespaced one
  (`verb="commissioning.signed_in"`);
- `get_verb_display` becomes `verb_description`.

A constant no audit.py defines yet (a verb added on a branch) is reported: add it, with its
description, to the audit.py of the app that writes it, and run the script again. Once every
branch has landed this script can be deleted.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("commissioning", "applications", "panels")
ALIASES = {"commissioning": "CommissioningVerb", "applications": "ApplicationVerb", "panels": "PanelVerb"}
CONSTANT = re.compile(r'^    ([A-Z][A-Z0-9_]*) = "(\w+)\.(\w+)"$', re.MULTILINE)


def read_owners() -> tuple[dict[str, str], dict[str, str]]:
    """Which app owns each constant, and each old bare verb's namespaced spelling."""
    owners, namespaced = {}, {}
    for app in APPS:
        for name, label, short in CONSTANT.findall((ROOT / app / "audit.py").read_text()):
            owners[name] = app
            namespaced[short] = f"{label}.{short}"
    return owners, namespaced


def home_app(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    if parts[0] == "tests" and len(parts) > 1:
        parts = parts[1:]
    return parts[0] if parts[0] in APPS else None


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py", "*.html", "*.txt"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    # The audit tests write the old bare spellings on purpose, to test the migration and the refusal.
    skip = {f"{app}/audit.py" for app in APPS} | {".ci/rename_audit_verbs.py", "tests/commissioning/test_audit.py"}
    return [ROOT / name for name in listed if "/migrations/" not in name and name not in skip]


def rewrite(path: Path, owners: dict[str, str], namespaced: dict[str, str], problems: list[str]) -> bool:
    text = original = path.read_text()
    alias_line = re.compile(r"^Verb = AuditEvent\.Verb\n", re.MULTILINE)
    had_alias = bool(alias_line.search(text))
    use = re.compile(
        r"(?<![\w.])(?:AuditEvent\.Verb|Verb)\.([A-Z][A-Z0-9_]*)"
        if had_alias
        else r"(?<![\w.])AuditEvent\.Verb\.([A-Z][A-Z0-9_]*)"
    )
    names = set(use.findall(text))
    if names:
        home = home_app(path)
        for name in sorted(names - owners.keys()):
            problems.append(
                f"{path.relative_to(ROOT)}: {name} is in no app's audit.py; add it to {home or '?'}/audit.py"
            )
        apps = {owners.get(name, home) for name in names}
        if len(apps) == 1:
            spelling = dict.fromkeys(apps, "Verb")
        else:
            spelling = {app: ("Verb" if app == home else ALIASES[app]) for app in apps}
        text = use.sub(lambda match: f"{spelling[owners.get(match[1], home)]}.{match[1]}", text)
        text = alias_line.sub("", text)
        imports = "".join(
            f"from {app}.audit import Verb\n" if name == "Verb" else f"from {app}.audit import Verb as {name}\n"
            for app, name in sorted(spelling.items())
        )
        first_import = re.search(r"^(?:from|import) ", text, re.MULTILINE)
        at = first_import.start() if first_import else 0
        text = text[:at] + imports + text[at:]
    # Old bare strings, as tests wrote them: verb="signed_in", {"verb": "signed_in"}.
    text = re.sub(
        r'((?:\bverb(?:__in)?\s*=\s*|"verb":\s*)")([a-z_]+)(")',
        lambda match: match[1] + namespaced.get(match[2], match[2]) + match[3],
        text,
    )
    text = text.replace("get_verb_display()", "verb_description").replace("get_verb_display", "verb_description")
    for leftover in ("AuditEvent.Verb", "Verb.choices", "Verb.labels"):
        if leftover in text:
            problems.append(f"{path.relative_to(ROOT)}: still says {leftover}; rewrite it by hand")
    if text != original:
        path.write_text(text)
        return True
    return False


def main() -> int:
    owners, namespaced = read_owners()
    problems: list[str] = []
    changed = [path for path in tracked_files() if rewrite(path, owners, namespaced, problems)]
    python = [str(path) for path in changed if path.suffix == ".py"]
    if python:
        ruff = Path(sys.executable).with_name("ruff")
        subprocess.run([ruff, "check", "--quiet", "--fix", "--select", "I,F401", *python], cwd=ROOT, check=False)
        subprocess.run([ruff, "format", "--quiet", *python], cwd=ROOT, check=False)
    for path in changed:
        print(f"rewrote {path.relative_to(ROOT)}")
    for problem in problems:
        print(f"CHECK: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
