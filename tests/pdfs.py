"""Reading a PDF as a person would: its text (pdftotext), its facts (pdfinfo), how big its words are.

The poppler tools come from Debian's `poppler-utils`. Without them a PDF test is skipped, with a
warning that shows in the summary; in CI (CI=true) it fails, so a missing tool never hides a bug.
"""

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
