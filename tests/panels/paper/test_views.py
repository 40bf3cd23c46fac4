"""The paper and phone pages: staff's list and take-down forms, attaching the signed sheet, and
the member's confirmation page from the emailed link."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panels.models import Assessment, Panel, TakeDown, Vote
from tests.applications.sample_files import upload
from tests.helpers import assert_page_queries
from tests.panels.factories import assign, eligible_application
from tests.panels.paper.test_services import committed, link_in, take_down_sheet

pytestmark = pytest.mark.django_db


def list_url(panel):
    return reverse("panels:take_down_list", args=[panel.pk])


def sheet_url(seat, application):
    return reverse("panels:take_down_scores", args=[seat.panel_id, seat.pk, application.pk])


def vote_url(seat, application):
    return reverse("panels:take_down_vote", args=[seat.panel_id, seat.pk, application.pk])


def sheet_post(sheet, source="paper") -> dict:
    data = {"source": source, "overall_comment": "A warm group."}
    for pk, (value, comment) in sheet.items():
        data[f"score_{pk}"], data[f"comment_{pk}"] = str(value), comment
    return data


# The list ---------------------------------------------------------------------------------


def test_staff_see_who_chose_paper_and_what_they_can_take_down(client, facilitator, on_paper, application):
    client.force_login(facilitator)
    page = client.get(list_url(on_paper.panel)).content.decode()
    assert "Pamela Panel" in page
    assert sheet_url(on_paper, application) in page and vote_url(on_paper, application) in page


def test_an_administrator_sees_the_list_but_no_way_to_take_down(client, administrator, on_paper, application):
    client.force_login(administrator)
    page = client.get(list_url(on_paper.panel)).content.decode()
    assert "Pamela Panel" in page
    assert sheet_url(on_paper, application) not in page
    assert "Only staff facilitators take down" in page


def test_the_list_asks_to_be_signed_in_and_is_for_staff(client, panel_member, on_paper):
    assert client.get(list_url(on_paper.panel)).url.startswith(reverse("commissioning:sign_in"))
    client.force_login(panel_member)
    assert client.get(list_url(on_paper.panel)).status_code == 403


def test_the_lists_queries_do_not_grow_with_applications_or_take_downs(
    client, facilitator, on_paper, application, sheet, panel
):
    take_down_sheet(facilitator, on_paper, application, sheet)
    client.force_login(facilitator)

    def more():
        for _ in range(3):
            other = eligible_application(panel.funding_round)
            assign(panel, other, facilitator)
            from panels.models import InterestDeclaration

            InterestDeclaration.objects.create(
                membership=on_paper, application=other, has_conflict=False, recorded_by=on_paper.user
            )
            take_down_sheet(facilitator, on_paper, other, sheet)

    assert_page_queries(client, list_url(panel), at_most=17, add_data=more)


# Taking down a sheet ---------------------------------------------------------------------


def test_a_facilitator_takes_down_a_sheet_through_the_form(client, facilitator, on_paper, application, sheet):
    client.force_login(facilitator)
    assert "Take down Pamela Panel’s paper sheet" in client.get(sheet_url(on_paper, application)).content.decode()
    with committed():
        response = client.post(sheet_url(on_paper, application), sheet_post(sheet))
    assert response.url == list_url(on_paper.panel)
    assessment = Assessment.objects.get()
    assert assessment.take_down.source == "paper" and assessment.overall_comment == "A warm group."
    assert len(mail.outbox) == 1
    page = client.get(list_url(on_paper.panel)).content.decode()
    assert "Waiting for the member" in page and "Attach the signed sheet" in page


def test_a_sheet_without_its_source_or_a_score_is_shown_again_with_the_errors(
    client, facilitator, on_paper, application, sheet
):
    client.force_login(facilitator)
    data = sheet_post(sheet)
    del data["source"]
    response = client.post(sheet_url(on_paper, application), data)
    assert response.status_code == 200
    assert "Say whether this came from a signed paper sheet or a phone call" in response.content.decode()

    data = sheet_post(sheet)
    first = next(iter(sheet))
    del data[f"score_{first}"]
    response = client.post(sheet_url(on_paper, application), data)
    page = response.content.decode()
    assert response.status_code == 200 and "Choose the score the member gave for" in page
    assert "A warm group." in page  # what was typed is kept
    assert not TakeDown.objects.exists()


def test_the_form_refuses_an_administrator_and_another_panels_application(
    client, administrator, facilitator, on_paper, application, funding_round
):
    client.force_login(administrator)
    assert client.get(sheet_url(on_paper, application)).status_code == 403
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    elsewhere = eligible_application(funding_round)
    assign(other_panel, elsewhere, facilitator)
    client.force_login(facilitator)
    assert client.get(sheet_url(on_paper, elsewhere)).status_code == 404
    assert client.put(sheet_url(on_paper, application)).status_code == 405


def test_a_facilitator_takes_down_a_phone_vote_through_the_form(client, facilitator, on_phone, application):
    client.force_login(facilitator)
    assert client.post(vote_url(on_phone, application), {"source": "phone"}).status_code == 200
    response = client.post(vote_url(on_phone, application), {"source": "phone", "choice": "exclude"})
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.choice, vote.take_down.source) == ("exclude", "phone")


def test_a_paper_source_is_not_offered_to_a_member_on_the_phone(client, facilitator, on_phone, application):
    client.force_login(facilitator)
    response = client.post(vote_url(on_phone, application), {"source": "paper", "choice": "include"})
    assert "Say whether this came from" in response.content.decode()
    assert not Vote.objects.exists()


# Attaching the signed sheet ---------------------------------------------------------------


def attach_url(take_down):
    return reverse("panels:signed_sheet_attach", args=[take_down.pk])


def test_attaching_a_signed_sheet_confirms_it(client, facilitator, on_paper, application, sheet):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    client.force_login(facilitator)
    assert client.get(attach_url(take_down)).status_code == 405
    response = client.post(attach_url(take_down), {f"sheet{take_down.pk}-sheet": upload()})
    assert response.status_code == 302
    assert TakeDown.objects.get().confirmed_how == "signed_sheet"
    assert "Confirmed" in client.get(list_url(on_paper.panel)).content.decode()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Choose the scan or photo of the signed sheet"),
        ({"sheet": SimpleUploadedFile("sheet.pdf", b"not a scan at all")}, "must be a PDF, PNG or JPEG"),
    ],
)
def test_a_wrong_signed_sheet_is_shown_on_the_page(client, facilitator, on_paper, application, sheet, files, message):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    client.force_login(facilitator)
    data = {f"sheet{take_down.pk}-{name}": value for name, value in files.items()}
    response = client.post(attach_url(take_down), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not TakeDown.objects.get().is_confirmed


def test_an_administrator_cannot_attach_a_sheet(client, administrator, facilitator, on_paper, application, sheet):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    client.force_login(administrator)
    assert client.post(attach_url(take_down), {f"sheet{take_down.pk}-sheet": upload()}).status_code == 403
    assert not TakeDown.objects.get().is_confirmed


# The member's confirmation page -----------------------------------------------------------


@pytest.fixture
def link(facilitator, on_paper, application, sheet):
    take_down_sheet(facilitator, on_paper, application, sheet)
    pk, token = link_in(mail.outbox[-1])
    return reverse("panels:take_down_confirm", args=[pk, token])


def test_the_member_confirms_through_the_link(client, panel_member, link):
    assert client.get(link).url.startswith(reverse("commissioning:sign_in"))
    client.force_login(panel_member)
    page = client.get(link).content.decode()
    assert "Your scores taken down by Fiona Facilitator from Pamela Panel’s signed paper sheet on" in page
    assert "3 out of 4" in page and "Yes, this is what I said" in page

    response = client.post(link)
    assert response.status_code == 302
    assert TakeDown.objects.get().confirmed_how == "emailed_link"
    assert "You confirmed this on" in client.get(link).content.decode()
    assert client.post(link).status_code == 403  # once only


def test_nobody_else_may_open_the_link(client, colleague, facilitator, link):
    for person in (colleague, facilitator):
        client.force_login(person)
        assert client.get(link).status_code == 404
        assert client.post(link).status_code == 404
    assert not TakeDown.objects.get().is_confirmed


def test_a_tampered_or_replaced_link_is_not_found(
    client, panel_member, facilitator, on_paper, application, sheet, link
):
    client.force_login(panel_member)
    assert client.get(link[:-2] + "x/").status_code == 404
    take_down_sheet(facilitator, on_paper, application, {pk: (2, "") for pk in sheet})  # changed: a new link
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert not TakeDown.objects.get().is_confirmed


def test_the_confirmation_page_runs_a_fixed_number_of_queries(client, panel_member, link):
    client.force_login(panel_member)
    assert_page_queries(client, link, at_most=11)


def test_the_take_down_forms_run_a_fixed_number_of_queries(client, facilitator, on_paper, application, sheet):
    client.force_login(facilitator)
    take_down_sheet(facilitator, on_paper, application, sheet)
    assert_page_queries(client, vote_url(on_paper, application), at_most=14)
    # A sheet already taken down (waiting) is shown again to be corrected: its scores come in one query.
    assert_page_queries(client, sheet_url(on_paper, application), at_most=16)


def test_staff_download_the_signed_sheet_and_others_may_not(
    client, facilitator, panel_member, on_paper, application, sheet
):
    from tests.applications.sample_files import upload as sample

    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    client.force_login(facilitator)
    client.post(attach_url(take_down), {f"sheet{take_down.pk}-sheet": sample()})
    url = reverse("panels:signed_sheet_download", args=[take_down.pk])
    assert url in client.get(list_url(on_paper.panel)).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "Signed sheet, Pamela Panel.pdf" in response["Content-Disposition"]
    client.force_login(panel_member)
    assert client.get(url).status_code == 403
