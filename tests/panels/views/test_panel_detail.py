"""The panel page: what the member still has to do for each application, names only until declared."""

from django.urls import reverse

from commissioning.models import Criterion, FundingRound
from panels import services
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat

from .conftest import add_application, criteria, declare, interviews, submit_scores


def url(panel):
    return reverse("panels:panel_detail", args=[panel.pk])


def test_each_application_says_what_is_left_to_do(member_client, member, panel, application, facilitator):
    conflicted, scoring, drafted, submitted = (add_application(panel, facilitator) for _ in range(4))
    declare(member, conflicted, conflict=True)
    for each in (scoring, drafted, submitted):
        declare(member, each)
    services.scoring.save_assessment(
        actor=member, application=drafted, scores={criteria(drafted)[0].pk: (2, "")}, submit=False
    )
    submit_scores(member, submitted)
    page = member_client.get(url(panel)).content.decode()
    assert "Declare your interests" in page
    assert "Conflict declared — you take no part" in page
    assert "Draft saved" in page
    assert "Submitted" in page
    assert reverse("panels:application_score", args=[panel.pk, scoring.pk]) in page
    assert "1 of 5 applications scored" in page


def test_only_the_organisation_name_shows_until_interests_are_declared(member_client, application, panel):
    application.project_title = "A secret project title"
    application.save(update_fields=["project_title"])
    page = member_client.get(url(panel)).content.decode()
    assert application.organisation.name in page
    assert "A secret project title" not in page
    assert f'href="{reverse("panels:application_read", args=[panel.pk, application.pk])}"' not in page


def test_the_induction_shows_with_links_to_each_module(client, panel, application):
    newcomer = UserFactory(email="new.volunteer@example.org")
    seat(newcomer, panel, inducted=False)
    client.force_login(newcomer)
    page = client.get(url(panel)).content.decode()
    assert "Finish the modules" in page
    assert reverse("panels:induction_module", args=[panel.pk, "unconscious_bias"]) in page
    assert "Not done yet" in page
    declare(newcomer, application)
    assert "Finish your induction to score" in client.get(url(panel)).content.decode()


def test_staff_see_the_applications_without_a_member_column(client, facilitator, panel, application):
    client.force_login(facilitator)
    response = client.get(url(panel))
    assert response.status_code == 200
    assert "What you still have to do" not in response.content.decode()


def test_an_outsider_or_a_member_of_another_panel_is_not_found(client, outsider, panel, funding_round):
    from panels.models import Panel

    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    seat(outsider, other)
    client.force_login(outsider)
    assert client.get(url(panel)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(url(panel))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_the_page_costs_the_same_queries_with_more_applications(member_client, member, panel, application, facilitator):
    declare(member, application)

    def more():
        for _ in range(5):
            extra = add_application(panel, facilitator)
            declare(member, extra)
            submit_scores(member, extra)

    # The page's reads, and the policy's facts (grant, seat, declarations, inductions) read once
    # for every row: each row's "what you still have to do" is the policy's answer.
    count = assert_page_queries(member_client, url(panel), at_most=12, add_data=more)
    print(f"panel_detail: {count} queries")
    assert Criterion.objects.exists()


def test_every_link_to_score_is_one_the_policy_would_let_the_member_follow(
    member_client, member, panel, application, facilitator
):
    """Each row asks `panels.score_application`: once scoring has closed, a member who did not
    score an application is told so, and offered no "Score" link that would answer 403."""
    declare(member, application)
    submit_scores(member, application)
    interviews(panel, application)
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.DECISION)
    page = member_client.get(url(panel)).content.decode()
    score = reverse("panels:application_score", args=[panel.pk, application.pk])
    assert member_client.get(score).status_code == 403
    assert score not in page
    assert "Not scored: scoring has closed" in page


def test_staff_left_seated_on_the_panel_are_offered_nothing_to_score(client, panel, application, facilitator):
    """Seated, inducted and declared (as a role change could leave them), staff still meet the
    veto on every row: the page offers them no "Score" link and says why."""
    from tests.panels.factories import seat_and_declare

    seat_and_declare(facilitator, panel, application)
    client.force_login(facilitator)
    page = client.get(url(panel)).content.decode()
    assert reverse("panels:application_score", args=[panel.pk, application.pk]) not in page
    assert "Staff support the panel: they do not score" in page
