"""A criterion for one strand: proposed by the group for one strand, it is scored only for that
strand's applications (submitting does not ask for it elsewhere, and the scoring page does not
show it), and the gate refuses to open a round with a criterion for a strand not agreed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application
from commissioning import gates
from commissioning.models import Criterion, FundingRound
from panels import services
from panels.models import Assessment
from tests.commissioning.factories import (
    CriterionFactory,
    ProgrammeFactory,
    add_strand,
    add_timeline,
    join_criteria_group,
)


@pytest.fixture
def strands(funding_round):
    return (
        add_strand(funding_round, "Connecting people", "700000"),
        add_strand(funding_round, "Reaching isolated men", "400000"),
    )


@pytest.fixture
def for_men(funding_round, strands):
    # Written while the round agreed its criteria, as the group would.
    status = funding_round.status
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
    criterion = CriterionFactory(funding_round=funding_round, agreed=True, title="Men help to run it")
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
    Criterion.objects.filter(pk=criterion.pk).update(applies_to=strands[1])
    return criterion


def in_strand(application, strand):
    Application.objects.filter(pk=application.pk).update(strand=strand)
    application.refresh_from_db()
    return application


def test_an_application_in_another_strand_is_not_scored_on_it(member, application, strands, for_men):
    in_strand(application, strands[0])
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    criteria = [c for c in application.funding_round.criteria.filter(kind=Criterion.Kind.SCORED) if c.pk != for_men.pk]
    assessment = services.scoring.save_assessment(
        actor=member,
        application=application,
        scores={criterion.pk: (3, "") for criterion in criteria},
        submit=True,
    )
    assert assessment.status == Assessment.Status.SUBMITTED


def test_an_application_in_its_strand_must_be_scored_on_it(member, application, strands, for_men):
    from panels.exceptions import IncompleteAssessment

    in_strand(application, strands[1])
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    others = [c for c in application.funding_round.criteria.filter(kind=Criterion.Kind.SCORED) if c.pk != for_men.pk]
    with pytest.raises(IncompleteAssessment, match="Men help to run it"):
        services.scoring.save_assessment(
            actor=member, application=application, scores={c.pk: (3, "") for c in others}, submit=True
        )


def test_the_scoring_page_shows_it_only_for_its_strand(client, member, panel, application, strands, for_men):
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    client.force_login(member)
    url = reverse("panels:application_score", args=[panel.pk, application.pk])
    in_strand(application, strands[0])
    assert "Men help to run it" not in client.get(url).content.decode()
    in_strand(application, strands[1])
    assert "Men help to run it" in client.get(url).content.decode()


def test_the_paper_pack_asks_for_it_only_on_its_strands_sheets(member, application, strands, for_men):
    # A member scoring on paper fills in the same criteria the website asks for.
    from panels.services.pack import gather_pack

    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    membership = member.panel_memberships.get()
    in_strand(application, strands[0])
    (entry,) = gather_pack(membership).entries
    assert for_men not in entry.scored_criteria
    assert entry.scored_criteria  # the criteria for every strand are still there
    in_strand(application, strands[1])
    (entry,) = gather_pack(membership).entries
    assert for_men in entry.scored_criteria


def test_the_group_proposes_a_criterion_for_one_strand(client, criteria_member):
    funding_round = FundingRound.objects.create(
        programme=ProgrammeFactory(),
        title="New projects 2018",
        slug="np-2018-strands",
        summary="Money.",
        budget=Decimal("1700000"),
        minimum_grant=Decimal("50000"),
        maximum_grant=Decimal("200000"),
        status=FundingRound.Status.CRITERIA,
    )
    add_timeline(funding_round)
    join_criteria_group(criteria_member, funding_round)
    men = add_strand(funding_round, "Reaching isolated men", "400000")
    client.force_login(criteria_member)
    url = reverse("commissioning:criterion_propose", args=[funding_round.slug])
    page = client.get(url).content.decode()
    assert "Which strands is it for?" in page and "Every strand" in page
    data = {
        "title": "Men help to run it",
        "description": "Men plan and lead it.",
        "what_good_looks_like": "A men's steering group.",
        "kind": "must_have",
        "applies_to": men.pk,
    }
    assert client.post(url, data).status_code == 302
    assert Criterion.objects.get(title="Men help to run it").applies_to == men
    # A strand not agreed yet: the gate before applications open says so.
    Criterion.objects.filter(pk=men.proposal_id).update(status="proposed", agreed_at=None)
    fresh = FundingRound.objects.prefetch_related("criteria", "questions").get(pk=funding_round.pk)
    assert any("for a strand the group has not agreed" in reason for reason in gates.unmet(fresh))


def test_a_strand_cannot_be_for_a_strand(funding_round, strands):
    from django.core.exceptions import ValidationError

    proposal = strands[0].proposal
    proposal.applies_to = strands[1]
    with pytest.raises(ValidationError, match="Choose every strand"):
        proposal.clean()
