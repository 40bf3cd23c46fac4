"""Reading an application: its answers by criterion, once the member has declared no conflict."""

from django.urls import reverse

from .conftest import declare


def url(panel, application):
    return reverse("panels:application_read", args=[panel.pk, application.pk])


def test_after_declaring_no_conflict_the_answers_show_by_criterion(member_client, member, panel, application):
    declare(member, application)
    response = member_client.get(url(panel, application))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reaches lonely older people" in page
    assert "How will you find lonely people?" in page
    assert "We will visit people at home" in page
    assert "£75,000" in page
    assert reverse("panels:application_score", args=[panel.pk, application.pk]) in page


def test_before_declaring_the_member_is_refused_with_the_reason(member_client, panel, application):
    response = member_client.get(url(panel, application))
    assert response.status_code == 403
    assert "Declare whether you have a conflict" in response.content.decode()


def test_a_conflicted_member_is_refused_with_the_reason(member_client, member, panel, application):
    declare(member, application, conflict=True)
    response = member_client.get(url(panel, application))
    assert response.status_code == 403
    assert "You declared a conflict of interest" in response.content.decode()


def test_an_outsider_is_not_found(client, outsider, panel, application):
    client.force_login(outsider)
    assert client.get(url(panel, application)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel, application):
    response = client.get(url(panel, application))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url
