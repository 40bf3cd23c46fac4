"""Assertions shared by every page test."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_max_queries(limit: int):
    """Fail, listing the SQL, when the block runs more than `limit` queries."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    count = len(captured.captured_queries)
    if count > limit:
        listing = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(captured.captured_queries, 1))
        raise AssertionError(f"{count} queries, expected at most {limit}:\n{listing}")


def count_get_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return len(captured.captured_queries)


def assert_page_queries(client, url: str, *, at_most: int, add_data=None) -> int:
    """GET `url` within `at_most` queries; when `add_data` is given, call it and check
    the page costs exactly as many queries again, so the count does not grow with the data.
    Returns the count, for the test's own message. A first, uncounted GET warms Django's
    per-process caches (content types), as on any server after its first request."""
    count_get_queries(client, url)
    first = count_get_queries(client, url)
    assert first <= at_most, f"GET {url} ran {first} queries, expected at most {at_most}"
    if add_data is not None:
        add_data()
        second = count_get_queries(client, url)
        assert second == first, f"GET {url} ran {first} queries, then {second} with more data"
    return first
