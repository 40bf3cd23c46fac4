"""A large panel (the ten-times benchmark has 140 applications) stays quick to read: the results
page ranks every application in one summary table and shows the scores by criterion five at a
time; the shortlist vote shows twenty applications a page, and a vote brings the member back to
its own row. Without JavaScript: every page is a plain link."""

import re

from django.urls import reverse

from panels.models import Vote
from tests.panels.views.conftest import add_application, declare, submit_scores


def many_scored(panel, member, facilitator, count):
    applications = []
    for number in range(count):
        application = add_application(panel, facilitator)
        declare(member, application)
        submit_scores(member, application, value=number % 5)
        applications.append(application)
    return applications


def cards(page: str) -> int:
    return page.count("govuk-summary-card__title-wrapper")


def test_the_results_rank_everything_in_a_summary_and_page_the_details(member_client, member, panel, facilitator):
    applications = many_scored(panel, member, facilitator, 25)
    url = reverse("panels:panel_results", args=[panel.pk])

    first = member_client.get(url).content.decode()

    assert "The 25 applications, ranked" in first
    links = re.findall(r'href="\?page=(\d+)#result-(\d+)"', first)
    assert len(links) == 25
    assert {page for page, _ in links} == {"1", "2", "3", "4", "5"}
    assert cards(first) == 5
    assert "Scores by criterion: 1 to 5 of 25" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    # Each summary link leads to the page holding that application's card.
    page, application_pk = links[-1]
    last = member_client.get(f"{url}?page={page}").content.decode()
    assert cards(last) == 5
    assert f'id="result-{application_pk}"' in last
    assert "Scores by criterion: 21 to 25 of 25" in last
    assert {str(application.pk) for application in applications} == {pk for _, pk in links}


def test_a_page_number_typed_wrongly_shows_a_page_not_an_error(member_client, member, panel, facilitator):
    many_scored(panel, member, facilitator, 12)
    url = reverse("panels:panel_results", args=[panel.pk])

    assert cards(member_client.get(f"{url}?page=lots").content.decode()) == 5
    assert cards(member_client.get(f"{url}?page=99").content.decode()) == 2


def test_the_shortlist_shows_twenty_a_page_and_a_vote_comes_back_to_its_row(member_client, member, panel, facilitator):
    applications = sorted(many_scored(panel, member, facilitator, 45), key=lambda a: (a.organisation.name, a.pk))
    url = reverse("panels:shortlist", args=[panel.pk])

    first = member_client.get(url).content.decode()
    assert first.count('<section class="govuk-!-margin-bottom-8"') == 20
    assert "You have voted on 0 of 45 applications. This page shows applications 1 to 20 of 45" in first
    third = member_client.get(f"{url}?page=3").content.decode()
    assert third.count('<section class="govuk-!-margin-bottom-8"') == 5

    thirtieth = applications[29]
    response = member_client.post(
        reverse("panels:shortlist_vote", args=[panel.pk, thirtieth.pk]), {f"a{thirtieth.pk}-choice": "include"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2#row-{thirtieth.pk}"
    assert Vote.objects.filter(application=thirtieth, membership__user=member).exists()
    assert "You have voted on 1 of 45" in member_client.get(url).content.decode()


def test_a_vote_sent_without_a_choice_shows_its_own_page_with_the_error(member_client, member, panel, facilitator):
    applications = sorted(many_scored(panel, member, facilitator, 30), key=lambda a: (a.organisation.name, a.pk))
    last = applications[-1]

    response = member_client.post(reverse("panels:shortlist_vote", args=[panel.pk, last.pk]), {})

    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f'id="row-{last.pk}"' in page  # its page (the second), not the first
    assert "applications 21 to 30 of 30" in page


def test_the_staff_page_lists_a_large_panels_applications_a_page_at_a_time(client, facilitator, panel):
    applications = sorted((add_application(panel, facilitator) for _ in range(30)), key=lambda a: (a.reference, a.pk))
    client.force_login(facilitator)
    url = reverse("panels:panel_manage", args=[panel.pk])

    def applications_table(page):
        start = page.index('id="applications"')
        return page[start : page.index("<h2", start + 1)]

    first = applications_table(client.get(url).content.decode())
    second = applications_table(client.get(f"{url}?applications=2").content.decode())

    assert "30 applications, about" in client.get(url).content.decode()  # the counts are of them all
    assert "Applications 1 to 25 of 30, by reference." in first
    assert applications[0].reference in first and applications[-1].reference not in first
    assert "Applications 26 to 30 of 30, by reference." in second
    assert applications[-1].reference in second
    assert 'href="?applications=2#applications"' in first
