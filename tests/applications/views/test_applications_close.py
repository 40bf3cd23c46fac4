"""Staff close an open round's applications now: a warning page, then the round moves on to
checking eligibility and everyone holding a draft is emailed; a refused address breaks nothing.
Moving a live round's deadline on the timeline page warns staff and emails those with drafts;
an empty form removes no dates."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.audit import Verb
from applications.models import Application
from commissioning.audit import Verb as CoreVerb
from commissioning.models import AuditEvent, FundingRound, Stage
from tests.applications.factories import ApplicationFactory, join_organisation, open_round
from tests.commissioning.factories import add_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(applicant):
    """An open round (its deadline weeks away) with one draft held by the applicant's organisation
    and one sent application."""
    funding_round = open_round(title="New projects 2018")
    funding_round.stages.all().delete()
    add_timeline(funding_round, first_day=timezone.localdate() - timedelta(days=45))  # open until 17 days on
    draft = ApplicationFactory(funding_round=funding_round)
    join_organisation(applicant, draft.organisation)
    ApplicationFactory(funding_round=funding_round, submitted=True)
    return funding_round


def url(funding_round) -> str:
    return reverse("applications:applications_close", args=[funding_round.slug])


def test_staff_are_warned_how_many_drafts_will_never_be_sent(client, facilitator, live):
    client.force_login(facilitator)

    page = client.get(url(live)).content.decode()

    assert "1 application is still a draft. It can never be sent once you close the round." in page
    assert "You cannot undo this." in page


def test_closing_now_moves_the_round_on_and_emails_every_draft_holder(
    client, facilitator, live, applicant, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(live))

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == FundingRound.Status.ELIGIBILITY
    assert live.stages.get(kind=Stage.Kind.OPEN).ends_on == timezone.localdate() - timedelta(days=1)
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert "has closed for applications" in mail.outbox[0].subject
    assert AuditEvent.objects.get(verb=Verb.APPLICATIONS_CLOSED).data["drafts"] == 1
    assert AuditEvent.objects.filter(verb=CoreVerb.ROUND_ADVANCED).exists()


def test_a_refused_address_does_not_stop_the_closing(client, facilitator, live, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    refused = mock.patch("applications.services.send_templated_email", side_effect=OSError("mail server down"))
    with refused, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(live))

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == FundingRound.Status.ELIGIBILITY
    told = AuditEvent.objects.get(verb=Verb.DRAFTS_TOLD)
    assert told.data["emails"] == 0 and told.data["failed"] == ["applicant@example.org"]


def test_only_an_open_round_can_be_closed(client, facilitator, live):
    FundingRound.objects.filter(pk=live.pk).update(status=FundingRound.Status.ELIGIBILITY)
    client.force_login(facilitator)

    assert client.post(url(live)).status_code == 403


def test_volunteers_and_applicants_cannot_close_a_round(client, applicant, panel_member, live):
    for person in (applicant, panel_member):
        client.force_login(person)
        assert client.post(url(live)).status_code == 403
    live.refresh_from_db()
    assert live.status == FundingRound.Status.OPEN


def test_anonymous_is_sent_to_sign_in(client, live):
    assert client.post(url(live)).status_code == 302
    assert Application.objects.filter(funding_round=live).drafts().count() == 1


# The timeline page of a live round -----------------------------------------------------------


def timeline_data(funding_round, **changes) -> dict:
    """The timeline form as stored, with `changes` ("open_ends_on": a day) typed over it."""
    data = {}
    for stage in funding_round.stages.all():
        for end in ("starts_on", "ends_on"):
            day = changes.get(f"{stage.kind}_{end}", getattr(stage, end))
            for index, part in enumerate((day.day, day.month, day.year)):
                data[f"{stage.kind}_{end}_{index}"] = str(part)
    return data


def test_staff_are_warned_before_moving_a_live_deadline(client, facilitator, live):
    client.force_login(facilitator)

    page = client.get(reverse("commissioning:round_timeline", args=[live.slug])).content.decode()

    assert "everyone with an unsent draft is emailed the new deadline" in page


def test_moving_a_live_deadline_tells_those_with_drafts(
    client, facilitator, live, applicant, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    earlier = timezone.localdate() + timedelta(days=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("commissioning:round_timeline", args=[live.slug]), timeline_data(live, open_ends_on=earlier)
        )

    assert response.status_code == 302
    assert live.stages.get(kind=Stage.Kind.OPEN).ends_on == earlier
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert f"midnight at the end of {earlier:%-d %B %Y}" in mail.outbox[0].body


def test_a_live_round_saved_without_a_deadline_change_emails_nobody(
    client, facilitator, live, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commissioning:round_timeline", args=[live.slug]), timeline_data(live))

    assert mail.outbox == []


def test_an_empty_form_removes_no_dates(client, facilitator, live):
    client.force_login(facilitator)
    before = list(live.stages.values_list("kind", "starts_on", "ends_on"))

    # Every box cleared: the form is sent with nothing in it.
    cleared = {key: "" for key in timeline_data(live)}
    response = client.post(reverse("commissioning:round_timeline", args=[live.slug]), cleared)

    assert response.status_code == 200
    assert "an empty form would remove every date" in response.content.decode()
    assert list(live.stages.values_list("kind", "starts_on", "ends_on")) == before


def test_a_live_round_cannot_lose_a_stage(client, facilitator, live):
    client.force_login(facilitator)
    data = {key: value for key, value in timeline_data(live).items() if not key.startswith("feedback_")}

    response = client.post(reverse("commissioning:round_timeline", args=[live.slug]), data)

    assert "“Feedback to applicants” cannot be removed once applications have opened" in response.content.decode()
    assert live.stages.filter(kind=Stage.Kind.FEEDBACK).exists()
