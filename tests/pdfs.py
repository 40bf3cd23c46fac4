"""Reading a PDF as a person would: its text (pdftotext), its facts (pdfinfo), how big its words are.

The poppler tools come from Debian's `poppler-utils`. Without them a PDF test is skipped, with a
warning that shows in the summary; in CI (CI=true) it fails, so a missing tool never hides a bug.
"""

import io
import os
import re
import shutil
import statistics
import subprocess
import warnings
import zlib

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} was not found (install Debian's poppler-utils): the PDF was not read"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. PDF tests cannot be skipped in CI.", pytrace=False)
        warnings.warn(message, pytest.PytestWarning, stacklevel=3)
        pytest.skip(message)
    return path


def pdf_text(pdf: bytes) -> str:
    """The words of the PDF in reading order, with runs of white space made single spaces,
    so a sentence broken across lines still matches."""
    result = subprocess.run([_tool("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def pdf_info(pdf: bytes) -> dict[str, str]:
    """pdfinfo's fields: "Tagged", "Title", "Pages", "Page size"…"""
    result = subprocess.run([_tool("pdfinfo"), "-"], input=pdf, capture_output=True, check=True)
    fields = {}
    for line in result.stdout.decode().splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def word_height(pdf: bytes, word: str) -> float:
    """The usual height, in points, of `word` where it appears: it grows with the font size."""
    result = subprocess.run([_tool("pdftotext"), "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    heights = [
        float(y_max) - float(y_min) for _, y_min, _, y_max, text in WORD.findall(result.stdout.decode()) if text == word
    ]
    assert heights, f"{word!r} is not in the PDF"
    return statistics.median(heights)


def pdf_language(pdf: bytes) -> str:
    """The document language in the PDF's catalog (/Lang), which screen readers speak in.
    WeasyPrint keeps the catalog in a compressed object stream, so look inside the streams."""
    found = re.search(rb"/Lang ?\(([^)]*)\)", pdf)
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        if found:
            break
        try:
            found = re.search(rb"/Lang ?\(([^)]*)\)", zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return found.group(1).decode() if found else ""


# pdfua 0.1.3's "headings are not empty" rule calls an API that pikepdf 10 no longer has; the
# check below does its work, so its crash is the one skipped rule allowed.
PDFUA_RULES_THAT_CRASH = {"UA-14-001"}
HEADING = re.compile(r"^/H([1-6])$")


def _structure(element, depth=0):
    """Every structure element under `element`, in reading order."""
    import pikepdf

    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _structure(kid, depth + 1)


def _has_content(element) -> bool:
    """Whether a structure element holds marked content (an MCID) somewhere beneath it."""
    import pikepdf

    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return any(
        isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and ("/MCID" in kid or _has_content(kid)))
        for kid in kids
        if kid is not None
    )


def pdf_ua_problems(pdf: bytes) -> list[str]:
    """What keeps the PDF from PDF/UA-1, in words: pdfua's 16 rules (tagged, marked content,
    language, title shown, alt text, tables, annotations, XMP identification) plus checks of the
    structure tree with pikepdf that pdfua leaves out — every table header cell has a /Scope,
    no heading is empty, and heading levels never skip one (H1 then H3)."""
    import tempfile

    import pikepdf
    from pdfua import validate

    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        report = validate(file.name)
    # Warnings too: each names something a screen reader user would miss.
    problems = [f"{finding.rule_id} {finding.message}" for finding in report.findings]
    problems += [
        f"{outcome.rule_id} could not run: {outcome.skipped_reason}"
        for outcome in report.outcomes
        if outcome.skipped_reason and outcome.rule_id not in PDFUA_RULES_THAT_CRASH
    ]

    with pikepdf.open(io.BytesIO(pdf)) as document:
        elements = list(_structure(document.Root.StructTreeRoot))
    level = 0
    for element in elements:
        kind = str(element.S)
        if kind == "/TH" and "/Scope" not in (element.get("/A") or {}):
            problems.append(f"a table header cell ({element.get('/ID')}) has no /Scope")
        heading = HEADING.match(kind)
        if heading:
            if not _has_content(element):
                problems.append(f"an empty heading {kind}")
            if int(heading.group(1)) > level + 1:
                problems.append(f"a heading skips a level: {kind} after H{level}")
            level = int(heading.group(1))
    return problems
