"""The shared PDF helper: every report is a tagged, titled, English (UK) A4 document, numbered
"Page 1 of 2", readable in large print, and built without touching the network."""

import logging

import pytest

from commissioning.pdf import render_pdf
from tests.pdfs import pdf_info, pdf_language, pdf_text, pdf_ua_problems, word_height

LETTER = """{% extends "pdf/base.html" %}
{% load static %}
{% block content %}
<h1>Dear Armley Friendship Group</h1>
<p>Thank you for applying. The panel read every word.</p>
<table><caption>Your scores</caption>
<thead><tr><th scope="col">Criterion</th><th scope="col">Score</th></tr></thead>
<tbody><tr><td>Reaches lonely older people</td><td>3</td></tr></tbody></table>
<p class="page-break">The second page starts here.</p>
{% endblock %}
"""


@pytest.fixture
def templates(settings, tmp_path):
    """A folder of test templates beside the project's own (pdf/base.html comes from the project)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}]

    def write(name, text):
        (folder / name).write_text(text)
        return name

    return write


def test_a_pdf_is_tagged_for_screen_readers_with_its_title_and_language(templates):
    pdf = render_pdf(templates("letter.html", LETTER), {}, title="Feedback for Armley Friendship Group")

    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Feedback for Armley Friendship Group"
    assert pdf_language(pdf) == "en-GB"


SCORES = """{% extends "pdf/base.html" %}
{% block content %}
<h1>Scores</h1>
<table><caption>The round</caption><tbody>
<tr><th scope="row">Programme</th><td>Time to Shine</td></tr>
<tr><th scope="row">Budget</th><td>£1,700,000</td></tr></tbody></table>
<table><caption>Ranked</caption>
<thead><tr><th scope="col">Application</th><th scope="col">Average score</th></tr></thead>
<tbody><tr><th scope="row">Armley Friendship Group</th><td>4.5</td></tr>
<tr><th scope="row">Bramley Walking Group</th><td>3</td></tr></tbody></table>
{% endblock %}
"""


def header_scopes(pdf: bytes) -> list[tuple[str, str]]:
    """(the header cell's words, its /Scope) for every table header cell, in reading order."""
    import io

    import pikepdf

    from tests.pdfs import _structure

    with pikepdf.open(io.BytesIO(pdf)) as document:
        headers = [element for element in _structure(document.Root.StructTreeRoot) if element.S == "/TH"]
        scopes = [str(header.A.get("/Scope", "none")) for header in headers]
    words = pdf_text(pdf)
    names = ["Programme", "Budget", "Application", "Average score", "Armley Friendship Group", "Bramley Walking Group"]
    assert all(name in words for name in names)
    return list(zip(names, scopes, strict=True))


def test_every_header_cell_says_whether_it_heads_a_row_or_a_column(templates):
    # PDF/UA asks each /TH for a /Scope; WeasyPrint 70 writes none, render_pdf adds them.
    pdf = render_pdf(templates("scores.html", SCORES), {}, title="Scores")

    assert header_scopes(pdf) == [
        ("Programme", "/Row"),
        ("Budget", "/Row"),
        ("Application", "/Column"),
        ("Average score", "/Column"),
        ("Armley Friendship Group", "/Row"),
        ("Bramley Walking Group", "/Row"),
    ]
    assert pdf_ua_problems(pdf) == []


def test_without_the_scopes_the_pdf_ua_check_finds_the_tables(templates, monkeypatch):
    # The check can fail: the same document, as WeasyPrint alone writes it.
    monkeypatch.setattr("commissioning.pdf.mark_header_scope", lambda pdf: pdf)
    pdf = render_pdf(templates("scores.html", SCORES), {}, title="Scores")

    problems = pdf_ua_problems(pdf)
    assert sum("has no /Scope" in problem for problem in problems) == 6
    assert any(problem.startswith("UA-15-003") for problem in problems)


def test_a_heading_that_skips_a_level_is_found(templates):
    pdf = render_pdf(
        templates("skip.html", SCORES.replace("<h1>Scores</h1>", "<h1>Scores</h1><h3>Detail</h3>")), {}, title="Scores"
    )

    assert "a heading skips a level: /H3 after H1" in pdf_ua_problems(pdf)


def test_a_pdf_is_a4_with_page_numbers_out_of_the_total(templates):
    pdf = render_pdf(templates("letter.html", LETTER), {}, title="Feedback")

    info = pdf_info(pdf)
    assert "(A4)" in info["Page size"]
    assert info["Pages"] == "2"
    text = pdf_text(pdf)
    assert "Page 1 of 2" in text
    assert "Page 2 of 2" in text
    assert "Dear Armley Friendship Group" in text
    assert "Your scores Criterion Score Reaches lonely older people 3" in text


def test_large_print_makes_the_words_half_as_big_again(templates):
    name = templates("letter.html", LETTER)

    standard = render_pdf(name, {}, title="Feedback")
    large = render_pdf(name, {}, title="Feedback", large_print=True)

    # 12pt body text becomes 18pt, and the page numbers grow with it.
    assert word_height(large, "Thank") >= 1.4 * word_height(standard, "Thank")
    assert word_height(large, "Page") >= 1.4 * word_height(standard, "Page")


def test_the_template_sees_its_title_and_whether_it_is_large_print(templates):
    name = templates(
        "flags.html",
        '{% extends "pdf/base.html" %}{% block content %}<p>{{ pdf_title }}: '
        "{% if large_print %}large{% else %}standard{% endif %} print</p>{% endblock %}",
    )

    assert "Pack: large print" in pdf_text(render_pdf(name, {}, title="Pack", large_print=True))
    assert "Pack: standard print" in pdf_text(render_pdf(name, {}, title="Pack"))


def test_static_files_come_from_disk_and_nothing_from_the_network(templates, settings, tmp_path, monkeypatch, caplog):
    static = tmp_path / "static"
    (static / "reports").mkdir(parents=True)
    (static / "reports" / "extra.css").write_text('h1::after { content: " (styled from a static file)"; }')
    settings.STATICFILES_DIRS = [static]
    asked = []
    import weasyprint.urls

    original = weasyprint.urls.URLFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", spy)
    name = templates(
        "linked.html",
        '{% extends "pdf/base.html" %}{% load static %}{% block content %}'
        '<link rel="stylesheet" href="{% static "reports/extra.css" %}">'
        '<h1>Decision report</h1><img src="https://example.com/logo.png" alt="The funder’s logo">'
        "{% endblock %}",
    )

    with caplog.at_level(logging.WARNING, logger="commissioning.pdf"):
        text = pdf_text(render_pdf(name, {}, title="Decision report"))

    assert "Decision report (styled from a static file)" in text
    # The real fetcher (which would open a connection) never saw the outside address.
    assert not any("example.com" in url for url in asked)
    assert "https://example.com/logo.png" in caplog.text


def test_without_pdftotext_a_pdf_test_fails_in_ci(monkeypatch):
    monkeypatch.setattr("tests.pdfs.shutil.which", lambda name: None)
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="cannot be skipped in CI"):
        pdf_text(b"%PDF-1.7")


def test_without_pdftotext_a_pdf_test_is_skipped_with_a_warning_elsewhere(monkeypatch):
    monkeypatch.setattr("tests.pdfs.shutil.which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)

    with pytest.warns(pytest.PytestWarning, match="pdftotext was not found"), pytest.raises(pytest.skip.Exception):
        pdf_text(b"%PDF-1.7")
