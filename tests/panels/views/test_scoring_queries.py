"""Saving a draft score and submitting are what volunteers do most: each costs a fixed number of
queries, however many colleagues and applications the panel has, and the scores are written in
a fixed number of statements however many criteria there are.

Today a first save costs 21 statements, savepoints included, and a later one 19 (it was 40, and
grew by four with each criterion); issue 10 asks for 10. Nine are the reads every member page
makes before it starts (session, person, grants, panel, stages, application, seat,
declarations, induction): see the closing note."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat

from .conftest import add_application, declare
from .test_application_score import post_data, url


@pytest.fixture
def declared(member, application):
    declare(member, application)
    return application


def queries_of_post(client, address, data) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(address, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return [query["sql"] for query in captured.captured_queries]


def more_of_everything(panel, facilitator):
    for number in range(5):
        seat(UserFactory(full_name=f"Colleague {number}"), panel)
        add_application(panel, facilitator)


def test_saving_a_draft_costs_a_fixed_number_of_queries(member_client, panel, declared, facilitator):
    address = url(panel, declared)
    first = queries_of_post(member_client, address, post_data(declared, [3, None], action="draft"))
    more_of_everything(panel, facilitator)
    again = queries_of_post(member_client, address, post_data(declared, [2, 1], action="draft"))

    assert len(first) <= 21, "\n\n".join(first)
    assert len(again) <= len(first)
    # The scores are read once and written in one statement per kind of change.
    assert sum("panels_score" in sql for sql in again) <= 4


def test_submitting_costs_a_fixed_number_of_queries(member_client, panel, declared, facilitator):
    more_of_everything(panel, facilitator)

    submitted = queries_of_post(member_client, url(panel, declared), post_data(declared, [3, 4]))

    assert len(submitted) <= 21, "\n\n".join(submitted)


def test_each_save_adds_changes_and_clears_exactly_what_was_sent(member_client, member, panel, declared):
    from panels.models import Score

    from .conftest import criteria

    first, second = criteria(declared)
    address = url(panel, declared)

    def stored():
        return dict(Score.objects.filter(assessment__membership__user=member).values_list("criterion_id", "value"))

    queries_of_post(member_client, address, post_data(declared, [3, None], action="draft"))
    assert stored() == {first.pk: 3}
    queries_of_post(member_client, address, post_data(declared, [None, 2], action="draft"))
    assert stored() == {second.pk: 2}
    queries_of_post(member_client, address, post_data(declared, [4, 1], action="draft"))
    assert stored() == {first.pk: 4, second.pk: 1}
