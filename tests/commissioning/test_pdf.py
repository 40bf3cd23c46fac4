"""The shared PDF helper: every report is a tagged, titled, English (UK) A4 document, numbered
"Page 1 of 2", readable in large print, and built without touching the network."""

import logging

import pytest

from commissioning.pdf import render_pdf
from tests.pdfs import pdf_info, pdf_language, pdf_text, word_height

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

    # 12pt body text becomes 18pt.
    assert word_height(large, "Thank") >= 1.4 * word_height(standard, "Thank")


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
