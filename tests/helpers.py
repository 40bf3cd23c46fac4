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


def at_the_same_moment(monkeypatch, target, attribute: str, run) -> dict:
    """Run `run()` in two threads, "first" and "second", as two requests or processes at once.

    The first is held inside `target.attribute` (a function it calls with its transaction still
    open) until the second has started and had half a second to reach the same rows; then both
    finish. Returns {"first": what run() returned there, "second": the same}. For PostgreSQL."""
    import threading
    import time

    from django.db import connection

    first_inside, let_first_finish = threading.Event(), threading.Event()
    real = getattr(target, attribute)

    def held(*args, **kwargs):
        if threading.current_thread().name == "first":
            first_inside.set()
            assert let_first_finish.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, attribute, held)
    results = {}

    def in_a_thread(name):
        try:
            results[name] = run()
        finally:
            connection.close()

    first = threading.Thread(target=in_a_thread, args=["first"], name="first")
    second = threading.Thread(target=in_a_thread, args=["second"], name="second")
    first.start()
    assert first_inside.wait(10)
    second.start()
    time.sleep(0.5)
    let_first_finish.set()
    first.join(10), second.join(10)
    return results
