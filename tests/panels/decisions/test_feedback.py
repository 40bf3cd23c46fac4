"""The panel's feedback to an applicant: per scored criterion, its strengths and what could be
better, one row per criterion, which members can change while they decide."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent, Criterion, FundingRound
from panels import services
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import CriterionFeedback
from tests.helpers import assert_page_queries


def url(panel, application):
    return reverse("panels:feedback_write", args=[panel.pk, application.pk])


def scored_criteria(application):
    return list(application.funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))


def test_each_scored_criterion_has_two_boxes(member_client, panel, application):
    page = member_client.get(url(panel, application)).content.decode()
    for criterion in scored_criteria(application):
        assert criterion.title in page
        assert f'name="strengths_{criterion.pk}"' in page and f'name="better_{criterion.pk}"' in page


def test_feedback_is_saved_one_row_per_criterion_and_can_be_changed(member_client, panel, application, members):
    first, second = scored_criteria(application)
    data = {f"strengths_{first.pk}": "A warm welcome.", f"better_{first.pk}": "Say how you will reach men."}
    assert member_client.post(url(panel, application), data).status_code == 302
    data[f"better_{second.pk}"] = "A plan for year two."
    member_client.post(url(panel, application), data)
    rows = {row.criterion_id: row for row in CriterionFeedback.objects.filter(application=application)}
    assert set(rows) == {first.pk, second.pk}
    assert (rows[first.pk].strengths, rows[first.pk].could_be_better) == (
        "A warm welcome.",
        "Say how you will reach men.",
    )
    assert (rows[second.pk].strengths, rows[second.pk].could_be_better) == ("", "A plan for year two.")
    assert AuditEvent.objects.filter(verb=Verb.FEEDBACK_WRITTEN).count() == 2
    page = member_client.get(url(panel, application)).content.decode()
    assert "A plan for year two.</textarea>" in page


def test_empty_feedback_is_refused(member_client, panel, application):
    page = member_client.post(url(panel, application), {}).content.decode()
    assert "govuk-error-summary" in page
    assert "Write some feedback before saving: at least one box needs words in it." in page
    assert not CriterionFeedback.objects.exists()


def test_too_long_feedback_is_refused_and_what_was_typed_is_kept(member_client, panel, application):
    first, second = scored_criteria(application)
    page = member_client.post(
        url(panel, application), {f"strengths_{first.pk}": "x" * 2001, f"better_{second.pk}": "Keep me."}
    ).content.decode()
    assert f"“Strengths” for “{first.title}” must be 2,000 characters or fewer" in page
    assert "Keep me.</textarea>" in page
    assert not CriterionFeedback.objects.exists()


def test_feedback_for_a_criterion_of_another_round_is_refused_by_the_service(application, members):
    from tests.commissioning.factories import CriterionFactory, FundingRoundFactory

    stranger = CriterionFactory(funding_round=FundingRoundFactory(criteria=True))
    with pytest.raises(PanelError, match="not part of this round"):
        services.decisions.write_feedback(actor=members[0], application=application, feedback={stranger.pk: ("A", "")})


@pytest.mark.parametrize("who", ["facilitator", "administrator"])
def test_staff_cannot_write_the_panels_feedback(client, request, who, panel, application):
    person = request.getfixturevalue(who)
    client.force_login(person)
    criterion = scored_criteria(application)[0]
    for response in (
        client.get(url(panel, application)),
        client.post(url(panel, application), {f"strengths_{criterion.pk}": "Staff words."}),
    ):
        assert response.status_code == 403
        assert "These decisions belong to the volunteers." in response.content.decode()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.decisions.write_feedback(actor=person, application=application, feedback={criterion.pk: ("A", "")})
    assert not CriterionFeedback.objects.exists()


def test_feedback_is_written_while_the_panel_decides_only(member_client, panel, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.FEEDBACK)
    response = member_client.get(url(panel, application))
    assert response.status_code == 403
    assert "only during the decision stage" in response.content.decode()


def test_the_page_costs_the_same_queries_as_feedback_grows(member_client, panel, application, members):
    first, second = scored_criteria(application)

    def more():
        services.decisions.write_feedback(
            actor=members[1], application=application, feedback={first.pk: ("A", "B"), second.pk: ("C", "D")}
        )

    assert_page_queries(member_client, url(panel, application), at_most=16, add_data=more)
