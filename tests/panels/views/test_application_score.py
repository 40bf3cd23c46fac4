"""Scoring: a 0 to 4 choice per criterion with its descriptors, a comment, save as draft, submit;
nothing typed is lost when something is wrong."""

import pytest
from django.urls import reverse

from panels.models import Assessment, Score

from .conftest import criteria, declare


def url(panel, application):
    return reverse("panels:application_score", args=[panel.pk, application.pk])


@pytest.fixture
def declared(member, application):
    declare(member, application)
    return application


def post_data(application, values, action="submit"):
    data = {"action": action, "overall_comment": "A warm, well-run group."}
    for criterion, value in zip(criteria(application), values, strict=True):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = f"Comment on {criterion.title}"
    return data


def test_the_form_shows_descriptors_and_what_good_looks_like(member_client, panel, declared):
    page = member_client.get(url(panel, declared)).content.decode()
    assert "A good plan" in page and "No plan to reach lonely people" in page
    assert "What good looks like" in page
    assert "<legend" in page and "Will last beyond the grant" in page
    assert "Save as draft" in page and "Submit my scores" in page


def test_submitting_every_score_goes_back_to_the_panel_with_a_message(member_client, member, panel, declared):
    response = member_client.post(url(panel, declared), post_data(declared, [3, 4]), follow=True)
    assert response.redirect_chain[-1][0] == panel.get_absolute_url()
    assert "are submitted" in response.content.decode()
    assessment = Assessment.objects.get(membership__user=member, application=declared)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.overall_comment == "A warm, well-run group."
    assert sorted(assessment.scores.values_list("value", flat=True)) == [3, 4]


def test_a_draft_is_saved_and_shown_again(member_client, member, panel, declared):
    response = member_client.post(url(panel, declared), post_data(declared, [2, None], action="draft"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(membership__user=member, application=declared)
    assert assessment.status == Assessment.Status.DRAFT
    page = member_client.get(url(panel, declared)).content.decode()
    assert 'value="2" checked' in page
    assert "A warm, well-run group." in page


def test_a_blank_criterion_on_submit_lists_what_is_missing_and_keeps_the_rest(member_client, member, panel, declared):
    response = member_client.post(url(panel, declared), post_data(declared, [3, None]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choose a score for “Will last beyond the grant”" in page
    assert "Your scores so far are saved as a draft." in page
    summary = page[page.index("govuk-error-summary") : page.index("</div>", page.index("govuk-error-summary__body"))]
    assert "saved as a draft" not in summary  # not listed as an error
    assert 'value="3" checked' in page
    assert "A warm, well-run group." in page
    assessment = Assessment.objects.get(membership__user=member, application=declared)
    assert assessment.status == Assessment.Status.DRAFT
    assert list(assessment.scores.values_list("value", flat=True)) == [3]


def test_a_score_outside_0_to_4_posted_by_hand_is_refused_and_nothing_is_lost(member_client, panel, declared):
    response = member_client.post(url(panel, declared), post_data(declared, [7, 2]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a score from 0 to 4" in page
    assert 'value="2" checked' in page and "A warm, well-run group." in page
    assert not Score.objects.exists()


def test_staff_are_refused_with_the_veto_reason(client, facilitator, panel, declared):
    client.force_login(facilitator)
    response = client.get(url(panel, declared))
    assert response.status_code == 403
    assert "cannot agree criteria, score or vote" in response.content.decode()


def test_a_conflicted_member_is_refused(member_client, member, panel, application):
    declare(member, application, conflict=True)
    response = member_client.post(url(panel, application), post_data(application, [3, 3]))
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_an_undeclared_member_is_refused(member_client, panel, application):
    reason = "Declare whether you have a conflict of interest before opening this application."
    for response in (
        member_client.get(url(panel, application)),
        member_client.post(url(panel, application), post_data(application, [3, 3])),
    ):
        assert response.status_code == 403
        assert reason in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_outsider_is_not_found(client, outsider, panel, declared):
    client.force_login(outsider)
    assert client.get(url(panel, declared)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel, declared):
    response = client.get(url(panel, declared))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_a_submitted_assessment_shows_read_only(member_client, panel, declared):
    member_client.post(url(panel, declared), post_data(declared, [3, 4]))
    page = member_client.get(url(panel, declared)).content.decode()
    assert "You submitted these scores" in page
    assert "Submit my scores" not in page


def test_an_application_of_another_panel_is_not_found(member_client, member, panel, funding_round, facilitator):
    from panels.models import Panel

    from .conftest import add_application

    other = add_application(Panel.objects.create(funding_round=funding_round, name="Panel B"), facilitator)
    assert member_client.get(url(panel, other)).status_code == 404


def test_a_member_who_has_not_finished_the_induction_is_told_why(client, panel, application):
    from tests.commissioning.factories import UserFactory
    from tests.panels.factories import seat

    newcomer = UserFactory(email="new.volunteer@example.org")
    seat(newcomer, panel, inducted=False)
    declare(newcomer, application)
    client.force_login(newcomer)
    response = client.get(url(panel, application))
    assert response.status_code == 403
    assert "Finish the induction modules before scoring" in response.content.decode()


def test_a_score_for_a_criterion_of_another_round_posted_by_hand_is_ignored(member_client, member, panel, declared):
    from tests.commissioning.factories import CriterionFactory

    stranger = CriterionFactory()
    data = post_data(declared, [3, 3]) | {f"score_{stranger.pk}": "4"}
    assert member_client.post(url(panel, declared), data).status_code == 302
    assert not Score.objects.filter(criterion=stranger).exists()


def test_a_three_megabyte_comment_is_refused_on_its_box_with_the_limit_and_the_draft_kept(
    member_client, member, panel, declared
):
    """A paste gone wrong: refused on the comment's own box, with the limit named and what to do;
    the draft saved before stays as it was."""
    member_client.post(url(panel, declared), post_data(declared, [2, None], action="draft"))
    first = criteria(declared)[0]
    data = post_data(declared, [3, 4], action="draft")
    data[f"comment_{first.pk}"] = "x" * (3 * 1024 * 1024)

    response = member_client.post(url(panel, declared), data)

    assert response.status_code == 200
    page = response.content.decode()
    message = f"Your comment on “{first.title}” must be 5,000 characters or fewer: shorten it, then save again"
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    assert f'<a href="#id_comment_{first.pk}">{message}</a>' in summary
    assert f'<p id="id_comment_{first.pk}-error" class="govuk-error-message">' in page
    assert 'value="4" checked' in page and "A warm, well-run group." in page
    assessment = Assessment.objects.get(membership__user=member, application=declared)
    assert list(assessment.scores.values_list("value", flat=True)) == [2]


def test_a_too_long_overall_comment_names_its_limit(member_client, panel, declared):
    data = post_data(declared, [3, 4])
    data["overall_comment"] = "word " * 1001
    response = member_client.post(url(panel, declared), data)
    assert response.status_code == 200
    assert "Your overall comment must be 5,000 characters or fewer: shorten it, then save again" in (
        response.content.decode()
    )
    assert not Score.objects.exists()
