"""The plain-English check on known texts: it advises staff, it never blocks."""

import pytest

from commissioning import plain_english
from commissioning.plain_english import DEFAULT_JARGON, check

PLAIN = "We have money for projects in Leeds. Older people will decide who gets it. You can apply online."
JARGON_HEAVY = (
    "Stakeholders will utilise the co-produced commissioning framework to operationalise strategic priorities "
    "and leverage synergy across the partnership ecosystem, in order to deliver robust outcomes for beneficiaries "
    "prior to the commencement of the subsequent funding cycle."
)


def test_plain_text_reads_as_plain_english():
    report = check(PLAIN, DEFAULT_JARGON)
    assert report.reading_ease >= 70
    assert report.long_sentences == []
    assert report.jargon == []
    assert report.is_clear


def test_jargon_heavy_text_is_very_hard_with_every_term_and_its_plainer_word():
    report = check(JARGON_HEAVY, DEFAULT_JARGON)
    assert report.reading_ease < 30
    assert report.meaning.startswith("Very hard to read")
    found = {hit.term: hit.plainer for hit in report.jargon}
    assert found == {
        "utilise": "use",
        "stakeholders": "people involved",
        "leverage": "use",
        "in order to": "to",
        "prior to": "before",
        "robust": "strong",
        "synergy": "working together",
        "beneficiaries": "people who will benefit",
    }
    assert len(report.long_sentences) == 1
    assert not report.is_clear


def test_a_sentence_of_26_words_is_long_and_25_is_not():
    twenty_five = " ".join(["word"] * 25) + "."
    twenty_six = " ".join(["word"] * 26) + "."
    assert check(twenty_five).long_sentences == []
    assert check(twenty_six).long_sentences == [twenty_six]


def test_jargon_matches_whole_words_in_any_case_only():
    terms = [("key", "important")]
    assert [hit.term for hit in check("This is KEY to us.", terms).jargon] == ["key"]
    assert check("Take the keys and a monkey.", terms).jargon == []


def test_empty_text_has_no_score():
    report = check("   ")
    assert report.reading_ease is None
    assert report.meaning == "There is no text to check yet."


@pytest.mark.parametrize(
    ("score", "meaning"),
    [
        (10, "Very hard"),
        (45, "Hard to read"),
        (55, "Fairly hard"),
        (65, "Plain English"),
        (75, "Fairly easy"),
        (85, "Easy to read"),
        (95, "Very easy"),
    ],
)
def test_each_score_band_says_what_it_means(score, meaning):
    assert plain_english.meaning_of(score).startswith(meaning)


def test_check_fields_reads_the_editable_list_from_the_database(db):
    from commissioning.models import JargonTerm

    JargonTerm.objects.get_or_create(term="going forward", defaults={"plainer": "from now on"})
    JargonTerm.objects.create(term="holistic", plainer="whole")
    reports = plain_english.check_fields({"summary": "A holistic offer going forward."})
    assert {hit.term for hit in reports["summary"].jargon} == {"holistic", "going forward"}
