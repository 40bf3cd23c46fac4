"""Setting a round's timeline: a first and last day per stage, in order, with rest for volunteers.
Short rests are advice, never a block."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound, Stage
from tests.commissioning.factories import FundingRoundFactory, add_timeline, join_criteria_group
from tests.helpers import assert_page_queries

KINDS = list(Stage.Kind)


def timeline_url(funding_round) -> str:
    return reverse("commissioning:round_timeline", args=[funding_round.slug])


def timeline_data(dates: dict, **typed) -> dict:
    """The POST for `dates` (kind → (first day, last day)); `typed` overrides single boxes."""
    data = {}
    for kind in KINDS:
        days = dates.get(kind, (None, None))
        for end, day in zip(("starts_on", "ends_on"), days, strict=True):
            parts = (day.day, day.month, day.year) if day else ("", "", "")
            for index, part in enumerate(parts):
                data[f"{kind}_{end}_{index}"] = str(part)
    return {**data, **typed}


def four_weeks_each(first_day=date(2018, 1, 8), rest_days=7) -> dict:
    dates, day = {}, first_day
    for kind in KINDS:
        dates[kind] = (day, day + timedelta(27))
        day += timedelta(28 + rest_days)
    return dates


def stored(funding_round) -> dict:
    return {stage.kind: (stage.starts_on, stage.ends_on) for stage in funding_round.stages.all()}


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_set_every_stage_and_it_is_logged(persona_client):
    funding_round = FundingRoundFactory(title="New projects 2018")

    response = persona_client.post(timeline_url(funding_round), timeline_data(four_weeks_each()), follow=True)

    # Saved, and on to the round's page with its next steps.
    assert response.redirect_chain == [(reverse("commissioning:round_manage", args=[funding_round.slug]), 302)]
    assert "The timeline for ‘New projects 2018’ is saved." in response.content.decode()
    assert stored(funding_round) == four_weeks_each()
    event = AuditEvent.objects.get(verb=Verb.TIMELINE_SET)
    assert event.target == funding_round
    assert event.data["shortlisting"] == ["2018-04-23", "2018-05-20"]


def test_the_form_is_filled_in_with_the_stored_dates(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    add_timeline(funding_round)

    page = client.get(timeline_url(funding_round)).content.decode()

    assert 'name="criteria_starts_on_0" value="8"' in page
    assert 'name="criteria_starts_on_1" value="1"' in page
    assert 'name="criteria_starts_on_2" value="2018"' in page
    assert 'name="feedback_ends_on_0" value="2"' in page


def test_stages_not_planned_yet_can_be_left_empty(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    criteria_only = {Stage.Kind.CRITERIA: (date(2018, 1, 8), date(2018, 2, 4))}
    assert client.post(timeline_url(funding_round), timeline_data(criteria_only)).status_code == 302
    assert stored(funding_round) == criteria_only


def test_a_short_rest_is_saved_with_a_warning(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(recovery_gap_days=7)

    response = client.post(timeline_url(funding_round), timeline_data(four_weeks_each(rest_days=2)), follow=True)

    page = response.content.decode()
    assert stored(funding_round) == four_weeks_each(rest_days=2)  # advice, not a block
    assert "Volunteers would get less rest than this round promises: read the warning." in page
    assert '<div class="govuk-warning-text">' in page
    assert "Volunteers get only 2 days of rest between “Shortlisting” and “Interviews”." in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            {"shortlisting_starts_on_0": "31", "shortlisting_starts_on_1": "2"},
            "Enter the first day of ‘Shortlisting’ as a real date",
        ),
        ({"shortlisting_starts_on_1": "13"}, "Enter the first day of ‘Shortlisting’ as a real date"),
        ({"shortlisting_ends_on_0": "twenty"}, "Enter the last day of ‘Shortlisting’ as a real date"),
        ({"shortlisting_ends_on_2": "18"}, "Enter the last day of ‘Shortlisting’ as a real date"),
        ({"interviews_starts_on_1": ""}, "The first day of ‘Interviews’ must include a month"),
        (
            {"interviews_starts_on_0": "", "interviews_starts_on_1": ""},
            "The first day of ‘Interviews’ must include a day and month",
        ),
    ],
)
def test_dates_that_are_not_real_are_explained_beside_their_stage(client, facilitator, typed, message):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    add_timeline(funding_round)
    before = stored(funding_round)

    response = client.post(timeline_url(funding_round), timeline_data(four_weeks_each(rest_days=8), **typed))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(message) == 2  # in the error summary and beside the date
    assert stored(funding_round) == before
    assert not AuditEvent.objects.filter(verb=Verb.TIMELINE_SET).exists()
    # What was typed is still there, including the dates that were fine.
    assert 'name="open_starts_on_0" value="13"' in page  # 8 days' rest moves "open" to 13 February


def test_the_error_summary_links_to_the_day_box(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    data = timeline_data(four_weeks_each(), shortlisting_starts_on_0="31", shortlisting_starts_on_1="2")
    page = client.post(timeline_url(funding_round), data).content.decode()
    assert '<a href="#id_shortlisting_starts_on_0">Enter the first day of ‘Shortlisting’ as a real date</a>' in page


def test_overlapping_stages_are_put_on_the_stage_that_starts_too_early(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    dates = four_weeks_each()
    dates[Stage.Kind.OPEN] = (date(2018, 2, 1), dates[Stage.Kind.OPEN][1])  # before criteria ends on 4 February

    response = client.post(timeline_url(funding_round), timeline_data(dates))

    assert response.status_code == 200
    page = response.content.decode()
    message = "“Open for applications” must start after “Agreeing the criteria” ends (4 February 2018)"
    assert f'<a href="#id_open_starts_on_0">{message}</a>' in page
    assert 'name="open_starts_on_0" value="1"' in page
    assert not funding_round.stages.exists()


def test_a_stage_with_only_its_first_day_asks_for_both(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    dates = {Stage.Kind.CRITERIA: (date(2018, 1, 8), None)}

    response = client.post(timeline_url(funding_round), timeline_data(dates))

    assert "Enter both days for “Agreeing the criteria”, or neither" in response.content.decode()
    assert not funding_round.stages.exists()


def test_a_stage_that_ends_before_it_starts_is_refused(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    dates = {Stage.Kind.CRITERIA: (date(2018, 2, 4), date(2018, 1, 8))}
    response = client.post(timeline_url(funding_round), timeline_data(dates))
    assert "“Agreeing the criteria” must end on or after the day it starts" in response.content.decode()


def test_an_open_round_can_still_move_its_later_dates(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(open=True)
    add_timeline(funding_round)
    dates = stored(funding_round)
    later = Stage.ORDER[Stage.ORDER.index(Stage.Kind.SHORTLISTING) :]
    moved = {
        **dates,
        **{kind: (dates[kind][0] + timedelta(7), dates[kind][1] + timedelta(7)) for kind in later},
    }

    response = client.post(timeline_url(funding_round), timeline_data(moved))

    assert response.status_code == 302
    assert stored(funding_round) == moved
    assert stored(funding_round)[Stage.Kind.SHORTLISTING] != dates[Stage.Kind.SHORTLISTING]
    assert stored(funding_round)[Stage.Kind.OPEN] == dates[Stage.Kind.OPEN]


def test_a_closed_round_cannot_change_its_timeline(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(status=FundingRound.Status.CLOSED)
    response = client.post(timeline_url(funding_round), timeline_data(four_weeks_each()))
    assert response.status_code == 403
    assert b"This round is closed." in response.content
    assert not funding_round.stages.exists()


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:round_timeline", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member):
    funding_round = FundingRoundFactory(criteria=True)
    join_criteria_group(criteria_member, funding_round)
    response = persona_client.post(timeline_url(funding_round), timeline_data(four_weeks_each()))
    assert response.status_code == 403
    assert b"Only staff facilitators can set up funding rounds." in response.content
    assert not funding_round.stages.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    url = timeline_url(FundingRoundFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_round_timeline_query_count(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    Stage.objects.create(
        funding_round=funding_round, kind=Stage.Kind.CRITERIA, starts_on=date(2018, 1, 8), ends_on=date(2018, 2, 4)
    )

    def the_other_stages():
        for kind, (starts_on, ends_on) in four_weeks_each().items():
            if kind != Stage.Kind.CRITERIA:
                Stage.objects.create(funding_round=funding_round, kind=kind, starts_on=starts_on, ends_on=ends_on)

    assert_page_queries(client, timeline_url(funding_round), at_most=4, add_data=the_other_stages)
