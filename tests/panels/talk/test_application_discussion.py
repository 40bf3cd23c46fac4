"""The panel's discussion of one application: members who may open it talk it through, staff may
add facilitation notes (shown as such), and a conflicted member neither reads nor writes it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from panels import services
from panels.audit import Verb
from panels.models import DiscussionPost, Panel
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat
from tests.panels.views.conftest import add_application, declare

LONDON = ZoneInfo("Europe/London")


def url(panel, application):
    return reverse("panels:application_discussion", args=[panel.pk, application.pk])


@pytest.fixture
def talking(member, colleague, application):
    """Both members have declared no conflict, so both may open and discuss the application."""
    declare(member, application)
    declare(colleague, application)
    return application


def test_the_thread_shows_oldest_first_with_names_and_times(member_client, colleague, facilitator, panel, talking):
    DiscussionPost.objects.create(
        application=talking,
        panel=panel,
        author=colleague,
        body="I liked the home visits.",
        posted_at=datetime(2020, 7, 14, 14, 30, tzinfo=LONDON),
    )
    DiscussionPost.objects.create(
        application=talking,
        panel=panel,
        author=facilitator,
        body="Remember the budget line.",
        is_facilitation_note=True,
        posted_at=datetime(2020, 7, 15, 9, 5, tzinfo=LONDON),
    )

    page = member_client.get(url(panel, talking)).content.decode()

    assert page.index("I liked the home visits.") < page.index("Remember the budget line.")
    assert "Colin Colleague" in page
    assert "14 July 2020 at 2:30 pm" in page
    assert "15 July 2020 at 9:05 am" in page
    assert "Facilitation note from Fiona Facilitator" in page


def test_a_member_writes_a_message_and_returns_to_the_thread(member_client, member, panel, talking):
    response = member_client.post(url(panel, talking), {"body": "  Strong local links.  "})

    post = DiscussionPost.objects.get()
    assert response.status_code == 302
    assert response.url == url(panel, talking) + f"#post-{post.pk}"
    assert (post.author, post.body, post.is_facilitation_note) == (member, "Strong local links.", False)
    assert AuditEvent.objects.filter(verb=Verb.DISCUSSION_POSTED, actor=member).exists()
    page = member_client.get(response.url).content.decode()
    assert "Strong local links." in page and "Your message is added to the discussion." in page


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_a_staff_post_is_a_facilitation_note(persona_client, panel, talking):
    persona_client.post(url(panel, talking), {"body": "Shall we look at the budget together?"})

    post = DiscussionPost.objects.get()
    assert post.is_facilitation_note
    assert AuditEvent.objects.filter(verb=Verb.FACILITATION_NOTE_POSTED).exists()
    page = persona_client.get(url(panel, talking)).content.decode()
    assert f"Facilitation note from {post.author.full_name}" in page


def test_a_conflicted_member_can_neither_read_nor_write(client, colleague, member, panel, application):
    declare(colleague, application)
    services.talk.post_in_discussion(actor=colleague, application=application, body="Private thoughts.")
    declare(member, application, conflict=True)
    client.force_login(member)

    read = client.get(url(panel, application))
    write = client.post(url(panel, application), {"body": "Let me in."})

    assert read.status_code == 403 and write.status_code == 403
    assert "You declared a conflict of interest" in read.content.decode()
    assert "Private thoughts." not in read.content.decode()
    assert DiscussionPost.objects.count() == 1


def test_a_member_who_has_not_declared_yet_is_told_to_declare_first(member_client, panel, application):
    response = member_client.get(url(panel, application))
    assert response.status_code == 403
    assert "Declare whether you have a conflict" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "applicant"])
def test_people_outside_the_panel_do_not_find_it(client, persona, request, panel, talking):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(panel, talking)).status_code == 404
    assert client.post(url(panel, talking), {"body": "Hello"}).status_code == 404
    assert not DiscussionPost.objects.exists()


def test_a_member_of_another_panel_does_not_find_it(client, funding_round, talking, panel):
    other = UserFactory(email="other.panel@example.org")
    seat(other, Panel.objects.create(funding_round=funding_round, name="Panel B"))
    client.force_login(other)
    assert client.get(url(panel, talking)).status_code == 404


def test_an_application_given_to_another_panel_is_not_found(member_client, funding_round, facilitator, panel):
    elsewhere = add_application(Panel.objects.create(funding_round=funding_round, name="Panel B"), facilitator)
    assert member_client.get(url(panel, elsewhere)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel, application):
    response = client.get(url(panel, application))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your message before sending it"),
        ("   \n  ", "Write your message before sending it"),
        ("x" * 5001, "Your message must be 5,000 characters or fewer"),
    ],
)
def test_a_bad_message_is_refused_in_plain_words_and_kept(member_client, panel, talking, body, message):
    response = member_client.post(url(panel, talking), {"body": body})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and page.count(message) >= 2  # the summary and the field
    if body.strip():
        assert body in page
    assert not DiscussionPost.objects.exists()


def test_the_page_costs_the_same_queries_however_long_the_thread(member_client, member, colleague, panel, talking):
    def more_posts():
        for number in range(5):
            services.talk.post_in_discussion(actor=colleague, application=talking, body=f"Point {number}")
            services.talk.post_in_discussion(actor=member, application=talking, body=f"Reply {number}")

    services.talk.post_in_discussion(actor=colleague, application=talking, body="First")
    assert_page_queries(member_client, url(panel, talking), at_most=12, add_data=more_posts)


def test_staff_reach_each_discussion_from_the_panel_page(client, facilitator, panel, application):
    client.force_login(facilitator)
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert url(panel, application) in page
    assert reverse("panels:panel_together", args=[panel.pk]) in page
    assert reverse("panels:session_arrange", args=[panel.pk]) in page


def test_a_member_reaches_the_discussion_from_the_application(member_client, panel, talking):
    page = member_client.get(reverse("panels:application_read", args=[panel.pk, talking.pk])).content.decode()
    assert url(panel, talking) in page
