"""Every shape of question renders (issue 11): with and without help text, the smallest, usual
and largest word limits, required or optional, empty, answered, over its limit and refused on
the field. The Question model offers one kind of answer (text in a box with a live word count,
its limit between 1 and 5,000 words: a limit is always set), so these are all its shapes.

Each page answers 200 and shows the question, its hint and its word count; every
aria-describedby on it names ids that exist on the page, and each box is described by its
hint, its word count and its error when it has them. The shape that once crashed
crispy-forms-gds (a word limit and no help text: KeyError 'aria-describedby') is among them."""

import itertools
from html.parser import HTMLParser

import pytest
from django.utils.html import escape

from applications.models import Answer
from commissioning.models import FundingRound
from tests.applications.factories import open_round
from tests.commissioning.factories import CriterionFactory, QuestionFactory
from tests.helpers import assert_page_queries

from .application_support import draft_of, text, url

pytestmark = pytest.mark.django_db

HELP = "Tell us in your own words & <plainly>."
WORD_LIMITS = [1, 300, 5000]
SHAPES = list(itertools.product([HELP, ""], WORD_LIMITS, [True, False]))


def shape_id(shape) -> str:
    help_text, word_limit, is_required = shape
    return f"{'help' if help_text else 'no-help'}-{word_limit}-words-{'required' if is_required else 'optional'}"


class Markup(HTMLParser):
    """The ids on a page, and each element's aria-describedby, read as a browser would."""

    def __init__(self, page: str):
        super().__init__()
        self.ids: list[str] = []
        self.described: dict[str, list[str]] = {}
        self.describers: list[tuple[str, list[str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if "aria-describedby" in attrs:
            tokens = (attrs["aria-describedby"] or "").split()
            self.describers.append((attrs.get("id") or tag, tokens))
            if attrs.get("id"):
                self.described[attrs["id"]] = tokens


def assert_accessible_markup(page: str) -> Markup:
    markup = Markup(page)
    duplicates = {name for name in markup.ids if markup.ids.count(name) > 1}
    assert not duplicates, f"ids used twice: {duplicates}"
    for element, tokens in markup.describers:
        assert tokens, f"{element} has an empty aria-describedby"
        missing = [token for token in tokens if token not in markup.ids]
        assert not missing, f"{element} is described by ids not on the page: {missing}"
    return markup


def round_with(shapes) -> tuple[FundingRound, list]:
    """An open round whose one scored criterion has a question of each shape, in order."""
    funding_round = open_round()
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
    criterion = CriterionFactory(funding_round=funding_round, agreed=True, title="Every kind of question")
    questions = [
        QuestionFactory(
            funding_round=funding_round,
            criterion=criterion,
            text=f"Question {number}: {shape_id(shape)}?",
            help_text=shape[0],
            word_limit=shape[1],
            is_required=shape[2],
            position=number,
        )
        for number, shape in enumerate(shapes, start=1)
    ]
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    return funding_round, questions


def assert_question_shown(page: str, markup: Markup, question) -> None:
    field = f"id_question_{question.pk}"
    assert question.text in page
    if not question.is_required:
        assert f"{question.text} (optional)" in page
    assert f'data-maxwords="{question.word_limit}"' in page
    word = "word" if question.word_limit == 1 else "words"
    assert f"You can enter up to {question.word_limit:,} {word}".replace(",", "") in page.replace(",", "")
    described = markup.described.get(field, [])
    assert f"{field}-info" in described, "the live word count describes the box"
    if question.help_text:
        assert "Tell us in your own words &amp; &lt;plainly&gt;." in page
        assert f"{field}_hint" in described, "the hint describes the box"
    else:
        assert f"{field}_hint" not in markup.ids


@pytest.mark.parametrize("answer", ["empty", "answered", "over its limit"])
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_each_question_shape_renders_with_accessible_markup(client, applicant, shape, answer):
    funding_round, (question,) = round_with([shape])
    draft = draft_of(applicant, funding_round=funding_round)
    typed = {"empty": "", "answered": "Older people in Armley", "over its limit": "word " * (question.word_limit + 1)}
    if typed[answer]:
        Answer.objects.create(application=draft, question=question, text=typed[answer])
    client.force_login(applicant)

    response = client.get(url("application_section", draft, question.criterion_id))

    assert response.status_code == 200
    page = text(response)
    markup = assert_accessible_markup(page)
    assert_question_shown(page, markup, question)
    assert escape(typed[answer]) in page


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_an_answer_refused_on_the_field_shows_its_error_and_keeps_what_was_typed(client, applicant, shape):
    """Far past the limit (a paste gone wrong) is refused on the field: the error is on the
    page, linked from the summary and describing the box; what was saved before is kept."""
    funding_round, (question,) = round_with([shape])
    draft = draft_of(applicant, funding_round=funding_round)
    Answer.objects.create(application=draft, question=question, text="What we saved before.")
    client.force_login(applicant)
    field = f"id_question_{question.pk}"

    response = client.post(
        url("application_section", draft, question.criterion_id),
        {f"question_{question.pk}": "x" * (question.word_limit * 20 + 1), "version": 1, "action": "save"},
    )

    assert response.status_code == 200
    page = text(response)
    markup = assert_accessible_markup(page)
    assert_question_shown(page, markup, question)
    assert "There is a problem" in page
    word = "word" if question.word_limit == 1 else "words"
    assert f"This answer is far longer than the {question.word_limit:,} {word} the question allows" in page
    assert f'href="#{field}"' in page
    errors = [token for token in markup.described[field] if token.endswith("_error")]
    assert errors and all(f'id="{token}"' in page for token in errors), "the error describes the box"
    assert Answer.objects.get(application=draft, question=question).text == "What we saved before."


def test_every_shape_on_one_page_keeps_its_ids_apart(client, applicant, django_assert_max_num_queries):
    """All twelve shapes in one section: no id is used twice and each box keeps its own hint and
    count. The page's queries do not grow with its questions."""
    funding_round, questions = round_with(SHAPES)
    draft = draft_of(applicant, funding_round=funding_round)
    client.force_login(applicant)
    section = url("application_section", draft, questions[0].criterion_id)

    response = client.get(section)

    assert response.status_code == 200
    page = text(response)
    markup = assert_accessible_markup(page)
    for question in questions:
        assert_question_shown(page, markup, question)

    def more_questions():
        FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
        for number in range(5):
            QuestionFactory(
                funding_round=funding_round, criterion=questions[0].criterion, text=f"More {number}?", help_text=""
            )
        FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)

    assert_page_queries(client, section, at_most=7, add_data=more_questions)
