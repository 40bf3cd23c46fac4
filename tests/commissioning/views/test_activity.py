"""The activity log: staff facilitators and administrators read it, newest first, 50 to a page."""

from datetime import timedelta

import pytest
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse
from django.utils import timezone

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, User
from tests.helpers import assert_page_queries

ACTIVITY = reverse("commissioning:activity")


def add_events(actor, count, *, start=None):
    """`count` sign-ins by `actor`, a minute apart, the last one the newest."""
    start = start or timezone.now() - timedelta(days=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, actor_label=str(actor), verb=Verb.SIGNED_IN, at=start + timedelta(minutes=i))
        for i in range(count)
    )


def rows(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_the_log_newest_first_with_actor_and_verb(persona_client, panel_member, facilitator):
    add_events(panel_member, 1, start=timezone.now() - timedelta(hours=2))
    services.change_role(actor=None, user=panel_member, role=User.Role.FACILITATOR)

    response = persona_client.get(ACTIVITY)
    assert response.status_code == 200
    events = rows(response)
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    assert events[0].verb == Verb.ROLE_CHANGED
    page = response.content.decode()
    assert '<td class="govuk-table__cell">Pamela Panel</td>' in page
    assert '<td class="govuk-table__cell">Signed in</td>' in page
    assert '<td class="govuk-table__cell">Changed a role (from person to facilitator)</td>' in page
    assert '<td class="govuk-table__cell">The system</td>' in page  # the role change had no actor
    assert page.index("Changed a role") < page.index('<td class="govuk-table__cell">Signed in</td>')


def test_events_with_the_same_time_are_newest_first_by_id(client, facilitator, panel_member):
    client.force_login(facilitator)
    at = timezone.now() + timedelta(minutes=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=panel_member, actor_label="Pamela Panel", verb=verb, at=at)
        for verb in (Verb.SIGNED_IN, Verb.SIGNED_OUT)
    )
    assert [e.verb for e in rows(client.get(ACTIVITY))][:2] == [Verb.SIGNED_OUT, Verb.SIGNED_IN]


def test_empty_log_says_so(client, facilitator):
    # force_login sends user_logged_in, whose receiver would write the log's first line.
    user_logged_in.disconnect(dispatch_uid="audit_sign_in")
    try:
        client.force_login(facilitator)
    finally:
        user_logged_in.connect(services.record_sign_in, dispatch_uid="audit_sign_in")
    assert not AuditEvent.objects.exists()
    response = client.get(ACTIVITY)
    assert response.status_code == 200
    assert b"Nothing has happened yet." in response.content


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client):
    response = persona_client.get(ACTIVITY)
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(ACTIVITY)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={ACTIVITY}"


def test_switched_off_facilitator_is_not_let_in(client, facilitator):
    client.force_login(facilitator)
    User.objects.filter(pk=facilitator.pk).update(is_active=False)
    response = client.get(ACTIVITY)
    # ModelBackend drops an inactive user from the session: they are signed out.
    assert response.status_code == 302


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_activity_query_count_does_not_grow_with_events(persona_client, panel_member):
    add_events(panel_member, 3)
    assert_page_queries(persona_client, ACTIVITY, at_most=4, add_data=lambda: add_events(panel_member, 60))


def test_pagination_50_to_a_page_and_page_2_works(client, facilitator, panel_member):
    client.force_login(facilitator)  # writes one SIGNED_IN event of its own
    add_events(panel_member, 60)
    total = AuditEvent.objects.count()
    assert total == 61

    first = client.get(ACTIVITY)
    assert len(rows(first)) == 50
    assert f"Page 1 of 2 ({total} entries)".encode() in first.content
    assert b'href="?page=2" rel="next"' in first.content

    second = client.get(ACTIVITY, {"page": 2})
    assert second.status_code == 200
    assert len(rows(second)) == 11
    assert b"Page 2 of 2" in second.content
    assert b'href="?page=1" rel="prev"' in second.content
    # No line appears on both pages, and every line appears on one.
    assert {e.pk for e in rows(first)}.isdisjoint(e.pk for e in rows(second))
    assert {e.pk for e in rows(first) + rows(second)} == set(AuditEvent.objects.values_list("pk", flat=True))
    assert rows(first)[-1].at >= rows(second)[0].at


def test_page_2_query_count(client, facilitator, panel_member):
    client.force_login(facilitator)
    add_events(panel_member, 60)
    assert_page_queries(client, f"{ACTIVITY}?page=2", at_most=4, add_data=lambda: add_events(panel_member, 20))


@pytest.mark.parametrize(("number", "shown", "lines"), [("99", 2, 11), ("not-a-number", 1, 50), ("0", 2, 11)])
def test_odd_page_numbers_show_a_real_page(client, facilitator, panel_member, number, shown, lines):
    """Past the end (or before the start) is the last page; a page that is not a number is the first."""
    client.force_login(facilitator)  # writes one SIGNED_IN event of its own
    add_events(panel_member, 60)

    response = client.get(ACTIVITY, {"page": number})

    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert len(rows(response)) == lines
    assert f"Page {shown} of 2 (61 entries)".encode() in response.content
