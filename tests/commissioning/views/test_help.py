"""Help in the same place on every page (WCAG 3.2.6): who to call, with the programme's own named
contact on its pages; a help page that explains each stage and the words we use; menus by what a
person has; past decided rounds reachable from the home page."""

import re

import pytest
from django.urls import reverse

from commissioning import help_text
from commissioning.models import FundingRound
from panels.models import Panel
from tests.commissioning.factories import FundingRoundFactory, ProgrammeFactory, join_criteria_group
from tests.helpers import assert_page_queries
from tests.panels.factories import seat, shortlisting_round

HELP = reverse("commissioning:help")
HOME = reverse("commissioning:home")


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def menu(response) -> list[str]:
    navigation = response.content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return [" ".join(label.split()) for label in re.findall(r"<a [^>]*>(?:<strong[^>]*>)?([^<]+)", navigation)]


@pytest.mark.parametrize("persona_client", ["visitor", "applicant", "panel_member", "facilitator"], indirect=True)
def test_the_help_page_explains_every_stage_people_take_part_in(persona_client):
    response = persona_client.get(HELP)

    assert response.status_code == 200
    page = text(response)
    for stage in FundingRound.Status:
        if stage == FundingRound.Status.DRAFT:
            assert "Being set up" not in page  # staff alone see a round being set up
        else:
            assert stage.label in page
    assert "they never score, vote or agree the criteria" in page
    assert "Middle score The score in the middle" in page


def test_every_stage_after_set_up_has_its_help():
    # A new stage in the round's vocabulary fails here until the help page explains it.
    explained = {stage.stage for stage in help_text.stages()}
    assert explained == {stage.value for stage in FundingRound.Status if stage != FundingRound.Status.DRAFT}


@pytest.mark.parametrize("url", [HOME, HELP, reverse("commissioning:sign_in")])
def test_every_page_says_who_to_call_in_the_same_place(client, db, url, settings):
    settings.HELP_CONTACT = {
        "name": "The help desk",
        "phone": "0113 496 0000",
        "email": "help@example.org",
        "hours": "",
    }
    page = client.get(url).content.decode()

    help_block = page.split('<aside class="govuk-width-container ct-get-help"', 1)[1].split("</aside>", 1)[0]
    assert "Need help?" in help_block
    assert 'Call The help desk on <a class="govuk-link" href="tel:01134960000">0113 496 0000</a>' in help_block
    assert 'href="mailto:help@example.org"' in help_block
    # Always after the page's main content and before its footer.
    assert page.index("</main>") < page.index("ct-get-help") < page.index('<footer class="govuk-footer">')


def test_a_rounds_page_gives_its_programmes_named_contact(client, db):
    programme = ProgrammeFactory(
        contact_name="Sam Staff", contact_phone="0113 496 0123", contact_email="sam@example.org", contact_hours=""
    )
    funding_round = FundingRoundFactory(programme=programme, open=True)

    page = text(client.get(funding_round.get_absolute_url()))

    assert "Need help? Call Sam Staff on 0113 496 0123 , or email sam@example.org ." in page


def test_a_programme_without_a_contact_falls_back_to_the_services(client, db, settings):
    funding_round = FundingRoundFactory(open=True)

    page = text(client.get(funding_round.get_absolute_url()))

    assert f"Call {settings.HELP_CONTACT['name']} on {settings.HELP_CONTACT['phone']}" in page


def test_the_programmes_contact_costs_one_query_at_most(client, db):
    programme = ProgrammeFactory(contact_name="Sam Staff", contact_phone="0113 496 0123")
    funding_round = FundingRoundFactory(programme=programme, open=True)
    with_contact = assert_page_queries(client, funding_round.get_absolute_url(), at_most=20)
    programme.contact_phone = ""
    programme.save()
    assert assert_page_queries(client, funding_round.get_absolute_url(), at_most=20) == with_contact


def test_the_help_page_costs_no_query_for_a_visitor(client, db):
    assert_page_queries(client, HELP, at_most=0)


def test_menus_offer_what_each_person_has(client, applicant, panel_member, criteria_member, facilitator):
    funding_round = shortlisting_round()
    seat(panel_member, Panel.objects.create(funding_round=funding_round, name="Panel A"))
    join_criteria_group(criteria_member, FundingRoundFactory(criteria=True))

    client.force_login(panel_member)
    assert menu(client.get(HOME)) == ["Home", "Your applications", "Your panels", "Your account", "Help"]
    client.force_login(criteria_member)
    assert menu(client.get(HOME)) == ["Home", "Your applications", "Criteria", "Your account", "Help"]
    client.force_login(facilitator)
    assert menu(client.get(HOME)) == ["Home", "Funding rounds", "Your account", "Activity log", "Emails", "Help"]
    client.logout()
    assert menu(client.get(HOME)) == ["Home", "Sign in", "Help"]


def test_staff_seated_on_a_panel_still_get_no_panels_item(client, facilitator):
    # Staff never sit on panels to score or vote; even a seat left by mistake gives no menu item.
    seat(facilitator, Panel.objects.create(funding_round=shortlisting_round(), name="Panel A"))
    client.force_login(facilitator)
    assert "Your panels" not in menu(client.get(HOME))


def test_visitors_reach_decided_rounds_from_the_home_page(client, db):
    closed = FundingRound.Status.CLOSED
    decided = FundingRoundFactory(title="New projects 2016", slug="new-projects-2016", status=closed)
    FundingRoundFactory(title="Still shortlisting", slug="still", status=FundingRound.Status.SHORTLISTING)

    page = client.get(HOME).content.decode()

    assert 'id="decided-rounds"' in page
    assert f'<a class="govuk-link" href="{decided.get_absolute_url()}">New projects 2016</a>' in page
    assert "Still shortlisting" not in page


def test_staff_refused_are_told_to_ask_an_administrator_not_the_staff(client, facilitator):
    # Only the criteria group proposes criteria: staff are refused, and are not sent to themselves.
    funding_round = FundingRoundFactory(criteria=True)
    url = reverse("commissioning:criterion_propose", args=[funding_round.slug])
    client.force_login(facilitator)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "ask an administrator" in text(refused)
    assert "contact the staff" not in text(refused)


def test_the_sign_in_page_offers_to_register_an_organisation(client, db):
    page = client.get(reverse("commissioning:sign_in")).content.decode()
    assert f'href="{reverse("applications:organisation_register")}">register your organisation</a>' in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("call me", "Enter a phone number using numbers and spaces only, like 0113 496 0000"),
        ("0113", "Enter a phone number using numbers and spaces only, like 0113 496 0000"),
    ],
)
def test_a_programmes_contact_phone_must_be_a_phone_number(client, facilitator, typed, message):
    programme = ProgrammeFactory(contact_name="Sam Staff")
    client.force_login(facilitator)
    data = {"name": programme.name, "funder_name": programme.funder_name, "contact_name": "Sam Staff"}

    response = client.post(
        reverse("commissioning:programme_edit", args=[programme.pk]), {**data, "contact_phone": typed}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert typed in response.content.decode()  # what was typed is kept to mend
    programme.refresh_from_db()
    assert programme.contact_phone == ""


def test_staff_set_a_programmes_contact_and_its_pages_show_it(client, facilitator):
    programme = ProgrammeFactory()
    funding_round = FundingRoundFactory(programme=programme, open=True)
    client.force_login(facilitator)
    client.get(funding_round.get_absolute_url())  # the old contact, now in the cache
    data = {"name": programme.name, "funder_name": programme.funder_name}

    client.post(
        reverse("commissioning:programme_edit", args=[programme.pk]),
        {**data, "contact_name": "Sam Staff", "contact_phone": "0113 496 0123", "contact_email": "sam@example.org"},
    )

    assert "Call Sam Staff on 0113 496 0123" in text(client.get(funding_round.get_absolute_url()))
