"""What the panel thought: only for applications the member has submitted their own scores for;
weighted means, per-criterion figures, disagreement in words and ties shown as ties."""

import re

from django.urls import reverse

from commissioning.models import FundingRound
from tests.helpers import assert_page_queries

from .conftest import add_application, declare, submit_scores


def url(panel):
    return reverse("panels:panel_results", args=[panel.pk])


def ranks(page: str) -> list[tuple[str, str]]:
    """Each result card's rank and organisation, top to bottom."""
    return re.findall(r'<span class="ct-rank">(=?\d+)</span>.*?</span>\s*(\S[^<]*?)\s*</h3>', page, re.S)


def test_after_submitting_a_member_sees_the_others_scores(member_client, member, colleague, panel, application):
    for person, value in ((member, 4), (colleague, 2)):
        declare(person, application)
        submit_scores(person, application, value=value)
    page = member_client.get(url(panel)).content.decode()
    assert application.organisation.name in page
    assert "75.0%" in page  # (100% + 50%) / 2
    assert "Members differ by 2 or more points on: Reaches lonely older people, Will last beyond the grant." in page
    assert "3.0" in page  # the mean of 4 and 2


def test_before_submitting_the_member_is_told_to_submit_first(member_client, member, colleague, panel, application):
    declare(colleague, application)
    submit_scores(colleague, application, value=4)
    page = member_client.get(url(panel)).content.decode()
    assert "Submit yours first" in page
    assert "100.0%" not in page


def test_ties_are_shown_as_ties(member_client, member, panel, application, facilitator):
    second, third = add_application(panel, facilitator), add_application(panel, facilitator)
    for each, value in ((application, 4), (second, 2), (third, 2)):
        declare(member, each)
        submit_scores(member, each, value=value)
    page = member_client.get(url(panel)).content.decode()
    first, *tied = ranks(page)
    assert first == ("1", application.organisation.name)
    assert sorted(tied) == sorted([("=2", second.organisation.name), ("=2", third.organisation.name)])
    assert page.count(" (joint):") == 2


def test_a_conflicted_member_does_not_see_that_application(
    member_client, member, colleague, panel, application, facilitator
):
    declare(member, application, conflict=True)
    declare(colleague, application)
    submit_scores(colleague, application, value=3)
    other = add_application(panel, facilitator)
    for person in (member, colleague):
        declare(person, other)
        submit_scores(person, other, value=4)

    response = member_client.get(url(panel))

    assert response.status_code == 200
    page = response.content.decode()
    assert ranks(page) == [("1", other.organisation.name)]
    assert "100.0%" in page
    assert "75.0%" not in page
    assert f"Scores by criterion for {application.organisation.name}" not in page


def test_staff_see_no_scores_until_the_stage_closes(client, facilitator, colleague, panel, application):
    declare(colleague, application)
    submit_scores(colleague, application, value=3)
    client.force_login(facilitator)
    page = client.get(url(panel)).content.decode()
    assert "Staff see who has finished, but not the scores" in page
    assert "75.0%" not in page
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)
    # Shortlisting has closed: its scores open to staff (this application was not shortlisted).
    assert "75.0%" in client.get(url(panel) + "?stage=shortlisting").content.decode()


def test_an_outsider_is_not_found(client, outsider, panel):
    client.force_login(outsider)
    assert client.get(url(panel)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(url(panel))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_the_page_costs_the_same_queries_as_applications_grow(
    member_client, member, colleague, panel, application, facilitator
):
    declare(member, application)
    submit_scores(member, application)

    def more():
        for _ in range(5):
            extra = add_application(panel, facilitator)
            for person in (member, colleague):
                declare(person, extra)
                submit_scores(person, extra, value=2)
        add_application(panel, facilitator)  # one still to do

    # 14: the page asks the policy, which reads the member's grant, seat, declarations and
    # submitted assessments once for the whole panel (a revoked grant shows nothing).
    count = assert_page_queries(member_client, url(panel), at_most=14, add_data=more)
    print(f"panel_results: {count} queries")
