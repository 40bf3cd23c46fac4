"""A member's panel pack, read as they would read it on paper.

The conflict rules hold on paper as on screen: an application's details are in the pack only
after its reader declared no conflict; an undeclared one gets a declaration sheet with its
name alone; a conflicted one is left out entirely."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent, Criterion
from panels import services
from panels.audit import Verb
from panels.models import Adjustment, PackBuild
from tests.pdfs import pdf_info, pdf_text, pdf_ua_problems, word_height

from .conftest import declare, make_application, pdf_of, prepare_and_download


def pack_url(panel):
    return reverse("panels:member_pack", args=[panel.pk])


def download(client, panel):
    return prepare_and_download(client, pack_url(panel))


def read_pack(client, panel) -> str:
    return pdf_text(pdf_of(download(client, panel)))


def test_the_pack_holds_each_application_the_member_declared_no_conflict_on(member_client, panel, applications):
    text = read_pack(member_client, panel)

    readable = applications.readable
    assert "Panel pack: Panel A" in text
    assert "For Pamela Panel." in text
    assert "Leeds Tea Dance Club" in text
    assert "Tea dances for lonely people" in text
    assert "£12,500" in text
    assert readable.reference in text
    # Every question with its answer, under the criterion it serves.
    assert "Works with older people in Leeds (a must-have) Who is your project for?" in text
    assert "Reaches lonely older people How will you find lonely people?" in text
    assert text.count("Our tea dances bring forty people together every Thursday.") == 2


def test_each_application_has_a_blank_scoring_sheet_with_the_agreed_criteria(member_client, panel, applications):
    text = read_pack(member_client, panel)

    assert "Your scores for Leeds Tea Dance Club" in text
    for criterion in panel.funding_round.criteria.filter(kind=Criterion.Kind.SCORED):
        assert f"{criterion.title} (weight {criterion.weight})" in text
        assert f"What good looks like: {criterion.what_good_looks_like}" in text
        assert f"Tick one score for “{criterion.title}”" in text
        for point, descriptor in criterion.descriptors:
            assert f"{point} {descriptor}" in text
        assert f"Your comment on “{criterion.title}”" in text
    assert "Your overall comment on Leeds Tea Dance Club" in text
    # Must-haves were checked for eligibility: they are read, not scored.
    assert "Works with older people in Leeds (weight" not in text


def test_an_application_with_a_declared_conflict_is_left_out_entirely(member_client, panel, applications):
    text = read_pack(member_client, panel)

    assert "Armley Lunch Club" not in text
    assert "Hot lunches in Armley" not in text
    assert "Volunteers cook hot lunches" not in text
    assert applications.conflicted.reference not in text
    assert "1 application is left out because you declared a conflict of interest" in text


def test_an_undeclared_application_has_a_declaration_sheet_with_its_name_only(member_client, panel, applications):
    text = read_pack(member_client, panel)

    assert "Declaration of interests Bramley Walking Group" in text
    assert "No conflict" in text
    assert "Conflict:" in text
    assert "Signature:" in text
    assert "Gentle walks" not in text
    assert applications.undeclared.reference not in text
    assert "Your scores for Bramley Walking Group" not in text


def test_the_pack_is_a_tagged_pdf_download_named_for_the_member(member_client, panel, applications):
    response = download(member_client, panel)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="panel-a-pack-pamela-panel.pdf"'
    assert "no-store" in response["Cache-Control"]
    pdf = pdf_of(response)
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Panel pack: Panel A, Pamela Panel"
    assert "Page 1 of" in pdf_text(pdf)


def test_the_cover_gives_the_shortlisting_dates_and_who_to_call(member_client, panel, member, facilitator):
    membership = member.panel_memberships.get(panel=panel)
    membership.invited_by = facilitator
    membership.save()
    services.membership.record_adjustment(
        actor=facilitator, membership=membership, kind=Adjustment.Kind.NAMED_CONTACT, details="Fiona on 0113 496 0000"
    )

    text = read_pack(member_client, panel)

    shortlisting = panel.funding_round.stages.get(kind="shortlisting")
    assert f"Shortlisting runs from {shortlisting.starts_on:%A} {shortlisting.starts_on.day}" in text
    assert "Your named contact: Fiona on 0113 496 0000" in text
    assert "Fiona Facilitator, who invited you to the panel: staff@example.org" in text


def test_asking_for_and_downloading_a_pack_are_in_the_activity_log(member_client, panel, member, applications):
    download(member_client, panel)

    build = PackBuild.objects.get()
    asked = AuditEvent.objects.get(verb=Verb.PANEL_PACK_REQUESTED)
    assert (asked.actor, asked.target_label, asked.data) == (
        member,
        "Panel A",
        {"member": member.email, "pack": build.pk},
    )
    event = AuditEvent.objects.get(verb=Verb.PANEL_PACK_DOWNLOADED)
    assert event.actor == member
    assert event.target_label == "Panel A"
    assert event.data == {
        "member": member.email,
        "pack": build.pk,
        "applications": 1,
        "declaration_sheets": 1,
        "large_print": False,
    }


def test_a_large_print_adjustment_prints_the_pack_in_large_print(
    member_client, panel, member, facilitator, applications
):
    standard = pdf_of(download(member_client, panel))
    membership = member.panel_memberships.get(panel=panel)
    services.membership.record_adjustment(actor=facilitator, membership=membership, kind=Adjustment.Kind.LARGE_PRINT)

    large = pdf_of(download(member_client, panel))

    assert "in large print" in pdf_text(large)
    assert "in large print" not in pdf_text(standard)
    # The answers' words are half as big again, and need more pages.
    assert word_height(large, "Thursday.") >= 1.4 * word_height(standard, "Thursday.")
    assert int(pdf_info(large)["Pages"]) > int(pdf_info(standard)["Pages"])
    assert pdf_ua_problems(standard) == []
    assert pdf_ua_problems(large) == []
    assert AuditEvent.objects.filter(data__large_print=True).count() == 1


def test_a_pack_with_nothing_to_read_yet_says_so(member_client, panel):
    text = read_pack(member_client, panel)

    assert "There are no applications for you to read yet." in text


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_pack_page_is_only_read_or_asked_for(member_client, panel, method):
    assert getattr(member_client, method)(pack_url(panel)).status_code == 405


def test_the_download_is_only_fetched(member_client, panel, applications):
    download(member_client, panel)
    url = reverse("panels:pack_download", args=[PackBuild.objects.get().pk])

    assert member_client.post(url).status_code == 405


def test_at_the_interviews_the_pack_holds_the_shortlisted_with_their_time_and_questions(
    member_client, panel, member, facilitator, applications
):
    from datetime import datetime

    from django.utils import timezone

    from commissioning.models import FundingRound
    from panels.models import InterviewQuestion, InterviewSlot, ShortlistOutcome

    other = make_application(panel, facilitator, "Otley Knit and Natter", "Knitting together", "We knit on Mondays.")
    declare(member, other)
    ShortlistOutcome.objects.create(application=applications.readable, panel=panel, outcome="included")
    ShortlistOutcome.objects.create(application=other, panel=panel, outcome="not_included")
    starts = timezone.make_aware(datetime(2018, 3, 6, 10, 0))
    InterviewSlot.objects.create(
        panel=panel, starts_at=starts, place="Leeds Civic Hall", application=applications.readable, booked_at=starts
    )
    InterviewQuestion.objects.create(panel=panel, text="How will older people run it?", added_by=facilitator)
    InterviewQuestion.objects.create(
        panel=panel, application=other, text="A question for Otley only.", added_by=facilitator
    )
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)

    text = read_pack(member_client, panel)
    assert "Leeds Tea Dance Club" in text
    assert "Tuesday 6 March 2018 at 10:00 am, for about 45 minutes, at Leeds Civic Hall." in text
    assert "How will older people run it?" in text
    assert "Interview scoring sheet" in text
    # Not shortlisted: not in the interview pack; nor another organisation's own question.
    assert "Otley Knit and Natter" not in text and "A question for Otley only." not in text
