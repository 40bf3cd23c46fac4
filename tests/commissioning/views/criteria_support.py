"""Shared set-up for the criteria group's view tests: a round in its criteria stage with a group."""

from django.contrib.messages import get_messages
from django.urls import reverse

from commissioning.models import Criterion, FundingRound
from tests.commissioning.factories import FundingRoundFactory, add_timeline, join_criteria_group


def criteria_round(*members, **fields) -> FundingRound:
    """A round agreeing its criteria, with the full timeline and `members` in its group."""
    funding_round = FundingRoundFactory(criteria=True, **fields)
    add_timeline(funding_round)
    for member in members:
        join_criteria_group(member, funding_round)
    return funding_round


def open_round(funding_round: FundingRound) -> FundingRound:
    """Move a round on to open for applications, past the gates, as the tests need it."""
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    funding_round.refresh_from_db()
    return funding_round


def url(name: str, criterion: Criterion, *extra) -> str:
    return reverse(f"commissioning:{name}", args=[criterion.funding_round.slug, criterion.pk, *extra])


def sign_in_url(next_url: str) -> str:
    return f"{reverse('commissioning:sign_in')}?next={next_url}"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text(response) -> str:
    return response.content.decode()
