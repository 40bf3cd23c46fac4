"""The `money` filter: amounts as people write them, "£1,700,000", with pennies only when there are some."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from commissioning.templatetags.money import money


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("1700000"), "£1,700,000"),
        (Decimal("1700000.00"), "£1,700,000"),
        (Decimal("1234.50"), "£1,234.50"),
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("0.99"), "£0.99"),
        (Decimal("50"), "£50"),
        (Decimal("0"), "£0"),
        (1700000, "£1,700,000"),
        ("150000.00", "£150,000"),
        (Decimal("-250.00"), "-£250"),
    ],
)
def test_money_writes_pounds_with_commas_and_pennies_only_when_needed(amount, written):
    assert money(amount) == written


@pytest.mark.parametrize("nothing", [None, ""])
def test_money_of_nothing_is_empty(nothing):
    assert money(nothing) == ""


def test_money_leaves_text_that_is_not_an_amount_alone():
    assert money("not a number") == "not a number"


def test_money_filter_works_in_a_template():
    rendered = Template("{% load money %}{{ budget|money }}").render(Context({"budget": Decimal("1700000.00")}))
    assert rendered == "£1,700,000"
