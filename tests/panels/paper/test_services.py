"""Taking down a member's paper sheet or phone vote: the rules (`panels.take_down`, one action
for staff, refused to administrators), the confirmation (the emailed link or the signed sheet),
and what counts before and after it."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from commissioning.models import AuditEvent, FundingRound
from commissioning.permissions import STAFF_VETO_REASON, can
from panels import results, services
from panels.audit import Verb
from panels.exceptions import IncompleteAssessment, PanelError
from panels.models import Assessment, InductionCompletion, InterestDeclaration, Score, TakeDown, Vote
from panels.permissions import CONFIRMED_REASON, TakeDownFor
from tests.applications.sample_files import upload
from tests.panels.factories import seat_and_declare

pytestmark = pytest.mark.django_db


def committed():
    """The service's transaction commits: its emails go to the outbox's sender."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def take_down_sheet(actor, seat, application, sheet, source="paper"):
    with committed():
        return services.paper.take_down_scores(
            actor=actor, membership=seat, application=application, source=source, scores=sheet, overall_comment="W."
        )


def link_in(message) -> tuple[int, str]:
    """The take-down's pk and token from the confirmation email."""
    match = re.search(r"/panels/taken-down/(\d+)/confirm/([^/\s]+)/", message.body)
    assert match, message.body
    return int(match.group(1)), match.group(2)


def counted(application):
    return results.counted_scores(assessment__application=application)


# Taking down a paper sheet -----------------------------------------------------------------


def test_a_facilitator_takes_down_a_paper_sheet_which_waits_for_the_member(
    facilitator, on_paper, application, sheet, panel_member
):
    assessment = take_down_sheet(facilitator, on_paper, application, sheet)

    assert assessment.membership == on_paper and assessment.is_submitted
    assert set(Score.objects.filter(assessment=assessment).values_list("value", flat=True)) == {3}
    take_down = assessment.take_down
    assert (take_down.source, take_down.taken_down_by, take_down.is_confirmed) == ("paper", facilitator, False)
    event = AuditEvent.objects.get(verb=Verb.TAKEN_DOWN)
    assert event.actor == facilitator and event.data["member"] == "Pamela Panel" and event.data["what"] == "scores"
    (message,) = mail.outbox
    assert message.to == [panel_member.email]
    assert "Fiona Facilitator wrote down your scores and comments" in message.body
    assert link_in(message)[0] == take_down.pk
    # Not the member's yet: it counts nowhere.
    assert counted(application) == {}
    assert not Assessment.objects.counted().filter(pk=assessment.pk).exists()


def test_confirming_through_the_emailed_link_makes_it_count(facilitator, on_paper, application, sheet, panel_member):
    assessment = take_down_sheet(facilitator, on_paper, application, sheet)
    pk, token = link_in(mail.outbox[0])
    take_down = TakeDown.objects.get(pk=pk)
    assert take_down.token_is_valid(token)

    services.paper.confirm_take_down(actor=panel_member, take_down=take_down, token=take_down.confirmation_token())

    take_down.refresh_from_db()
    assert take_down.confirmed_how == TakeDown.Confirmation.EMAILED_LINK and take_down.is_confirmed
    (scores,) = counted(application).values()
    assert scores[0].member_id == on_paper.pk
    assert AuditEvent.objects.get(verb=Verb.TAKE_DOWN_CONFIRMED).actor == panel_member
    notes = results.taken_down_notes(scores_at="shortlisting", application=application)
    expected = "Scores taken down by Fiona Facilitator from Pamela Panel’s signed paper sheet on "
    assert notes[application.pk][0].startswith(expected)
    assert assessment.pk in Assessment.objects.counted().values_list("pk", flat=True)


def test_a_sheet_with_a_score_missing_is_refused_and_nothing_is_saved(facilitator, on_paper, application, sheet):
    first = next(iter(sheet))
    sheet[first] = (None, "")
    with pytest.raises(IncompleteAssessment):
        take_down_sheet(facilitator, on_paper, application, sheet)
    assert not Assessment.objects.exists() and not TakeDown.objects.exists() and mail.outbox == []


def test_a_score_out_of_range_is_refused(facilitator, on_paper, application, sheet):
    sheet[next(iter(sheet))] = (7, "")
    with pytest.raises(PanelError, match="from 0 to 4"):
        take_down_sheet(facilitator, on_paper, application, sheet)
    assert not TakeDown.objects.exists()


def test_an_administrator_cannot_take_down_at_all(administrator, on_paper, application, sheet):
    seat_and_declare(administrator, on_paper.panel, application)  # seated: only the rule refuses
    with pytest.raises(PermissionDenied, match="Only staff facilitators take down"):
        take_down_sheet(administrator, on_paper, application, sheet)
    assert not TakeDown.objects.exists()


def test_a_facilitator_cannot_take_down_for_a_member_who_did_not_choose_paper_or_phone(
    facilitator, seat, application, sheet
):
    decision = can(facilitator, "panels.take_down", TakeDownFor(seat, application, "scores"))
    assert not decision.allowed and "has not chosen paper or phone" in decision.reason
    with pytest.raises(PermissionDenied):
        take_down_sheet(facilitator, seat, application, sheet)


def test_a_phone_call_needs_the_member_to_have_chosen_phone(facilitator, on_paper, application):
    assert can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "vote", "paper"))
    decision = can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "vote", "phone"))
    assert not decision.allowed and "by phone" in decision.reason


def test_a_volunteer_cannot_take_down_for_a_colleague(colleague, on_paper, application, sheet):
    with pytest.raises(PermissionDenied):
        take_down_sheet(colleague, on_paper, application, sheet)


def test_staff_still_never_score_or_vote_as_themselves(facilitator, on_paper, application):
    seat_and_declare(facilitator, on_paper.panel, application)  # seated: only the veto refuses
    for action in ("panels.score_application", "panels.vote"):
        assert can(facilitator, action, application).reason == STAFF_VETO_REASON
    assert can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "scores"))


def test_a_confirmed_sheet_cannot_be_changed(facilitator, on_paper, application, sheet, panel_member):
    assessment = take_down_sheet(facilitator, on_paper, application, sheet)
    services.paper.confirm_take_down(
        actor=panel_member, take_down=assessment.take_down, token=assessment.take_down.confirmation_token()
    )
    assert can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "scores")).reason == (
        CONFIRMED_REASON
    )
    with pytest.raises(PermissionDenied, match="can no longer be changed"):
        take_down_sheet(facilitator, on_paper, application, {pk: (0, "") for pk in sheet})
    assert set(Score.objects.values_list("value", flat=True)) == {3}


def test_an_unconfirmed_sheet_taken_down_again_sends_a_new_link_and_the_old_one_stops(
    facilitator, on_paper, application, sheet
):
    take_down_sheet(facilitator, on_paper, application, sheet)
    pk, old_token = link_in(mail.outbox[0])
    take_down_sheet(facilitator, on_paper, application, {criterion: (1, "") for criterion in sheet})
    take_down = TakeDown.objects.get(pk=pk)
    assert TakeDown.objects.count() == 1
    assert not take_down.token_is_valid(old_token)
    assert take_down.token_is_valid(link_in(mail.outbox[1])[1])
    assert set(Score.objects.values_list("value", flat=True)) == {1}


def test_a_link_older_than_a_fortnight_no_longer_confirms(facilitator, on_paper, application, sheet):
    take_down_sheet(facilitator, on_paper, application, sheet)
    pk, token = link_in(mail.outbox[0])
    take_down = TakeDown.objects.get(pk=pk)
    later = time.time() + (TakeDown.LINK_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert not take_down.token_is_valid(token)
    assert not take_down.token_is_valid(token + "x")


def test_the_members_own_scores_stand(facilitator, on_paper, application, sheet, panel_member):
    services.scoring.save_assessment(actor=panel_member, application=application, scores=sheet)
    decision = can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "scores"))
    assert not decision.allowed and "their own entry stands" in decision.reason


# The member's own seat rules still apply --------------------------------------------------


def test_not_for_an_application_the_member_has_a_conflict_on(facilitator, on_paper, application, sheet):
    InterestDeclaration.objects.filter(membership=on_paper).update(has_conflict=True, nature="My sister runs it")
    decision = can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "scores"))
    assert not decision.allowed and "conflict of interest" in decision.reason
    with pytest.raises(PermissionDenied):
        take_down_sheet(facilitator, on_paper, application, sheet)


def test_not_before_the_member_finishes_the_induction(facilitator, on_paper, application, sheet):
    InductionCompletion.objects.filter(membership=on_paper).delete()
    decision = can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "scores"))
    assert not decision.allowed and "induction" in decision.reason


def test_not_outside_the_scoring_stages(facilitator, on_paper, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.ELIGIBILITY)
    application.funding_round.refresh_from_db()
    decision = can(facilitator, "panels.take_down", TakeDownFor(on_paper, application, "scores"))
    assert not decision.allowed and "Scoring is open only" in decision.reason


def test_a_conflict_recorded_before_the_member_confirms_stops_the_confirmation(
    facilitator, on_paper, application, sheet, panel_member
):
    assessment = take_down_sheet(facilitator, on_paper, application, sheet)
    InterestDeclaration.objects.filter(membership=on_paper).update(has_conflict=True, nature="I volunteer there")
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        services.paper.confirm_take_down(
            actor=panel_member, take_down=assessment.take_down, token=assessment.take_down.confirmation_token()
        )
    assert not TakeDown.objects.get().is_confirmed


def test_only_the_member_confirms(facilitator, on_paper, application, sheet, colleague, administrator):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    for person in (facilitator, colleague, administrator):
        with pytest.raises(PermissionDenied):
            services.paper.confirm_take_down(actor=person, take_down=take_down, token=take_down.confirmation_token())
    assert not TakeDown.objects.get().is_confirmed


# The signed sheet ---------------------------------------------------------------------------


def test_attaching_the_signed_sheet_confirms_it(facilitator, on_paper, application, sheet):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    services.paper.attach_signed_sheet(actor=facilitator, take_down=take_down, uploaded=upload())
    take_down.refresh_from_db()
    assert take_down.confirmed_how == TakeDown.Confirmation.SIGNED_SHEET
    assert take_down.signed_sheet.read().startswith(b"%PDF")
    assert len(counted(application)[application.pk, "shortlisting"]) == 1
    event = AuditEvent.objects.get(verb=Verb.TAKE_DOWN_CONFIRMED)
    assert event.actor == facilitator and event.data["how"] == "signed sheet"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "sheet.pdf", "The file is empty"),
        (b"Dear staff, here are my scores", "sheet.pdf", "must be a PDF, PNG or JPEG"),
    ],
)
def test_a_wrong_signed_sheet_is_refused_and_the_entry_still_waits(
    facilitator, on_paper, application, sheet, content, name, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    with pytest.raises(PanelError, match=message):
        services.paper.attach_signed_sheet(
            actor=facilitator, take_down=take_down, uploaded=SimpleUploadedFile(name, content)
        )
    assert not TakeDown.objects.get().is_confirmed and counted(application) == {}


def test_a_store_that_is_down_refuses_the_sheet_and_changes_nothing(facilitator, on_paper, application, sheet):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    with (
        mock.patch("django.core.files.storage.FileSystemStorage.save", side_effect=OSError("disk full")),
        pytest.raises(PanelError, match="We cannot reach the store"),
    ):
        services.paper.attach_signed_sheet(actor=facilitator, take_down=take_down, uploaded=upload())
    assert not TakeDown.objects.get().is_confirmed


def test_an_administrator_cannot_attach_a_signed_sheet(facilitator, administrator, on_paper, application, sheet):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    with pytest.raises(PermissionDenied):
        services.paper.attach_signed_sheet(actor=administrator, take_down=take_down, uploaded=upload())


# Phone votes --------------------------------------------------------------------------------


def test_a_shortlist_vote_by_phone_counts_only_once_confirmed(facilitator, on_phone, application, panel_member, panel):
    from panels.models import ShortlistOutcome

    panel.quorum = 1
    panel.save()
    with committed():
        vote = services.paper.take_down_vote(
            actor=facilitator, membership=on_phone, application=application, source="phone", choice="include"
        )
    assert vote.take_down.source == "phone"
    assert results.shortlist_votes(application) == (0, 0)
    assert ShortlistOutcome.objects.get(application=application).outcome == "awaiting"
    assert "Fiona Facilitator wrote down your vote" in mail.outbox[0].body

    services.paper.confirm_take_down(
        actor=panel_member, take_down=vote.take_down, token=vote.take_down.confirmation_token()
    )

    assert results.shortlist_votes(application) == (1, 0)
    assert ShortlistOutcome.objects.get(application=application).outcome == "included"
    assert AuditEvent.objects.filter(verb=Verb.TAKEN_DOWN, data__what="vote").exists()


def test_a_shortlist_vote_needs_a_shortlist_choice(facilitator, on_phone, application):
    with pytest.raises(PanelError, match="include on the shortlist"):
        services.paper.take_down_vote(
            actor=facilitator, membership=on_phone, application=application, source="phone", choice="fund"
        )
    assert not Vote.objects.exists() and not TakeDown.objects.exists()


def test_the_members_own_vote_stands(facilitator, on_phone, application, panel_member):
    services.shortlist.cast_shortlist_vote(actor=panel_member, application=application, include=False)
    with pytest.raises(PermissionDenied, match="their own entry stands"):
        services.paper.take_down_vote(
            actor=facilitator, membership=on_phone, application=application, source="phone", choice="include"
        )
    assert Vote.objects.get().choice == "exclude"


def test_a_mail_server_that_is_down_keeps_the_take_down_and_the_email_waits(facilitator, on_paper, application, sheet):
    from tests.mail import assert_waiting, mail_server_down

    with mail_server_down():
        take_down_sheet(facilitator, on_paper, application, sheet)
    assert TakeDown.objects.count() == 1 and Assessment.objects.get().is_submitted
    (email,) = assert_waiting()
    assert "/confirm/" in email.text_body


def test_not_for_a_member_whose_seat_has_ended(facilitator, on_paper, application, sheet):
    from panels.models import PanelMembership

    PanelMembership.objects.filter(pk=on_paper.pk).update(status=PanelMembership.Status.REMOVED)
    on_paper.refresh_from_db()
    with pytest.raises(PermissionDenied, match="does not sit on this panel now"):
        take_down_sheet(facilitator, on_paper, application, sheet)


# The member takes over ---------------------------------------------------------------------


def test_a_member_who_votes_on_screen_replaces_the_vote_staff_took_down(
    facilitator, on_phone, application, panel_member
):
    with committed():
        vote = services.paper.take_down_vote(
            actor=facilitator, membership=on_phone, application=application, source="phone", choice="include"
        )
    services.paper.confirm_take_down(
        actor=panel_member, take_down=vote.take_down, token=vote.take_down.confirmation_token()
    )

    services.shortlist.cast_shortlist_vote(actor=panel_member, application=application, include=False)

    vote.refresh_from_db()
    assert (vote.choice, vote.take_down) == ("exclude", None) and not TakeDown.objects.exists()
    assert results.shortlist_votes(application) == (0, 1)
    assert results.taken_down_notes(votes_at="", application=application) == {}
    assert AuditEvent.objects.filter(verb=Verb.VOTE_CAST, data__replaces_taken_down=True).count() == 1


def test_a_member_who_reopens_a_sheet_on_screen_makes_it_their_own(
    facilitator, on_paper, application, sheet, panel_member
):
    assessment = take_down_sheet(facilitator, on_paper, application, sheet)
    services.paper.attach_signed_sheet(actor=facilitator, take_down=assessment.take_down, uploaded=upload())
    stored = TakeDown.objects.get().signed_sheet
    storage, name = stored.storage, stored.name

    with committed():
        services.scoring.reopen_assessment(actor=panel_member, application=application)

    assessment.refresh_from_db()
    assert assessment.take_down is None and not assessment.is_submitted
    assert not TakeDown.objects.exists() and not storage.exists(name)
    assert AuditEvent.objects.get(verb=Verb.ASSESSMENT_REOPENED).data["replaces_taken_down"] is True


def test_an_old_link_confirms_nothing_once_staff_wrote_it_down_again(
    facilitator, on_paper, application, sheet, panel_member
):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    old_token = take_down.confirmation_token()
    take_down_sheet(facilitator, on_paper, application, {pk: (0, "") for pk in sheet})
    with pytest.raises(PanelError, match="Use the newest email"):
        services.paper.confirm_take_down(actor=panel_member, take_down=take_down, token=old_token)
    assert not TakeDown.objects.get().is_confirmed
