"""What counts on the decision page: a member with a conflict on an application takes no part
in it, whenever the conflict came to light. When staff record a conflict after the member has
scored, the scores they gave stop counting here as they do on the results page."""

from django.urls import reverse

from panels import services
from panels.models import Assessment

from .conftest import scored


def decision_page(client, panel) -> str:
    response = client.get(reverse("panels:decision_list", args=[panel.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_scores_given_before_staff_recorded_a_conflict_do_not_count(
    member_client, panel, members, facilitator, application
):
    scored(application, members[0], 4, stage=Assessment.Stage.INTERVIEWS)
    scored(application, members[1], 4, stage=Assessment.Stage.INTERVIEWS)
    scored(application, members[2], 0, stage=Assessment.Stage.INTERVIEWS)
    assert "66.7%" in decision_page(member_client, panel)

    services.membership.record_known_conflict(
        actor=facilitator,
        membership=members[2].panel_memberships.get(panel=panel),
        application=application,
        nature="Her daughter runs the tea club",
    )

    page = decision_page(member_client, panel)
    assert "100.0%" in page
    assert "66.7%" not in page


def test_a_member_who_left_the_panel_no_longer_counts(member_client, panel, members, facilitator, application):
    scored(application, members[0], 4, stage=Assessment.Stage.INTERVIEWS)
    scored(application, members[2], 0, stage=Assessment.Stage.INTERVIEWS)
    services.membership.remove_member(actor=facilitator, membership=members[2].panel_memberships.get(panel=panel))

    assert "100.0%" in decision_page(member_client, panel)
