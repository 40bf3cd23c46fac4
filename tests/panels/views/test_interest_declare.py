"""Declaring interests: only the organisation's name, then "no conflict" opens the application,
and a conflict (with its nature) keeps the member out of it."""

from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import InterestDeclaration
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat


def url(panel, application):
    return reverse("panels:interest_declare", args=[panel.pk, application.pk])


def test_only_the_organisation_name_and_what_a_conflict_is_show(member_client, panel, application):
    application.project_title = "A secret project title"
    application.save(update_fields=["project_title"])
    page = member_client.get(url(panel, application)).content.decode()
    assert application.organisation.name in page
    assert "my sister runs it" in page
    assert "A secret project title" not in page


def test_no_conflict_opens_the_application(member_client, member, panel, application):
    response = member_client.post(url(panel, application), {"has_conflict": "no"})
    assert response.status_code == 302
    assert response.url == reverse("panels:application_read", args=[panel.pk, application.pk])
    declaration = InterestDeclaration.objects.get(membership__user=member, application=application)
    assert declaration.has_conflict is False
    assert AuditEvent.objects.filter(verb=Verb.INTEREST_DECLARED, actor=member).exists()


def test_a_conflict_with_its_nature_goes_back_to_the_panel(member_client, member, panel, application):
    response = member_client.post(url(panel, application), {"has_conflict": "yes", "nature": "I am a trustee"})
    assert response.url == panel.get_absolute_url()
    declaration = InterestDeclaration.objects.get(membership__user=member, application=application)
    assert declaration.has_conflict and declaration.nature == "I am a trustee"
    read = reverse("panels:application_read", args=[panel.pk, application.pk])
    assert member_client.get(read).status_code == 403


def test_a_conflict_without_its_nature_is_refused_with_the_services_words(member_client, panel, application):
    response = member_client.post(url(panel, application), {"has_conflict": "yes", "nature": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what the conflict is" in page
    assert "govuk-error-summary" in page
    assert 'value="yes"' in page and "checked" in page
    assert not InterestDeclaration.objects.exists()


def test_no_choice_is_refused_plainly(member_client, panel, application):
    response = member_client.post(url(panel, application), {})
    assert "Say whether you have a conflict of interest" in response.content.decode()
    assert not InterestDeclaration.objects.exists()


def test_declaring_twice_is_refused_and_the_first_stands(member_client, member, panel, application):
    member_client.post(url(panel, application), {"has_conflict": "no"})
    response = member_client.post(url(panel, application), {"has_conflict": "yes", "nature": "Changed my mind"})
    assert "already declared" in response.content.decode()
    assert InterestDeclaration.objects.get().has_conflict is False


def test_an_application_of_another_panel_is_not_found(member_client, panel, funding_round, facilitator):
    from panels.models import Panel

    from .conftest import add_application

    other = add_application(Panel.objects.create(funding_round=funding_round, name="Panel B"), facilitator)
    assert member_client.get(url(panel, other)).status_code == 404


def test_an_outsider_is_not_found(client, outsider, panel, application):
    client.force_login(outsider)
    assert client.get(url(panel, application)).status_code == 404


def test_staff_are_refused_with_a_reason(client, facilitator, panel, application):
    client.force_login(facilitator)
    response = client.get(url(panel, application))
    assert response.status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, panel, application):
    response = client.get(url(panel, application))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_an_uninducted_member_may_still_declare(client, panel, application):
    newcomer = UserFactory(email="new.volunteer@example.org")
    seat(newcomer, panel, inducted=False)
    client.force_login(newcomer)
    assert client.post(url(panel, application), {"has_conflict": "no"}).status_code == 302


def test_coming_back_after_declaring_goes_to_the_panel(member_client, member, panel, application):
    from .conftest import declare

    declare(member, application)
    response = member_client.get(url(panel, application), follow=True)
    assert response.redirect_chain[-1][0] == panel.get_absolute_url()
    assert "You have already declared your interests" in response.content.decode()


def test_the_box_for_the_nature_is_revealed_by_choosing_a_conflict(member_client, panel, application):
    """GOV.UK conditional reveal: the box sits inside the radios, tied to "I have a conflict",
    and is hidden only by the script (without it, the box simply shows)."""
    page = member_client.get(url(panel, application)).content.decode()
    conflict_radio = page.split('value="yes"')[1].split(">")[0]
    assert 'data-ct-controls="conditional-nature"' in conflict_radio
    assert 'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-nature"' in page
    reveal = page.split('id="conditional-nature"')[1].split("</fieldset>")[0]
    assert 'name="nature"' in reveal and "What is the conflict?" in reveal


def test_the_nature_box_stays_open_when_a_conflict_comes_back_with_an_error(member_client, panel, application):
    page = member_client.post(url(panel, application), {"has_conflict": "yes", "nature": ""}).content.decode()
    assert 'class="govuk-radios__conditional" id="conditional-nature"' in page
    assert 'href="#id_nature"' in page  # the error summary leads to the box
    assert 'id="id_nature-error"' in page


def test_a_nature_that_is_too_long_is_refused_and_kept(member_client, panel, application):
    nature = "My sister runs it. " * 60
    response = member_client.post(url(panel, application), {"has_conflict": "yes", "nature": nature})
    page = response.content.decode()
    assert "Say what the conflict is in 1,000 characters or fewer" in page
    assert nature.strip()[:200] in page
    assert not InterestDeclaration.objects.exists()


def test_a_choice_that_is_not_offered_is_refused(member_client, panel, application):
    response = member_client.post(url(panel, application), {"has_conflict": "maybe"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not InterestDeclaration.objects.exists()
