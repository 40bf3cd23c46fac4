"""Signed-in sessions end after a while with nothing done (shared computers: a library, a day
centre). One clock per session, kept in the session itself: each request from the person moves
it on, and a request that comes after the idle limit ends the session instead.

The limits are settings (SESSION_IDLE_TIMEOUT, SESSION_IDLE_WARNING, SESSION_IDLE_REFRESH, in
seconds) read when asked, so a browser test can use seconds instead of an hour."""

import time
from dataclasses import dataclass

from django.conf import settings

LAST_SEEN_KEY = "ct_last_seen"


@dataclass(frozen=True)
class IdleLimits:
    timeout: int
    warning: int
    refresh: int

    @property
    def minutes(self) -> int:
        return max(1, round(self.timeout / 60))

    @property
    def margin(self) -> int:
        """How much sooner than the server the page acts. The server's clock may be up to
        `refresh` seconds behind the page's (it is only written that often), and saving takes a
        moment: so the page plans as if that much time, and a little more, had already gone."""
        return self.refresh + min(15, self.timeout // 10)

    @property
    def warn_after(self) -> int:
        """Seconds after a page arrives when its warning opens."""
        return max(0, self.end_after - self.warning)

    @property
    def end_after(self) -> int:
        """Seconds after a page arrives when it saves the person's work and signs them out."""
        return max(1, self.timeout - self.margin)


def limits() -> IdleLimits:
    return IdleLimits(
        timeout=settings.SESSION_IDLE_TIMEOUT,
        warning=settings.SESSION_IDLE_WARNING,
        refresh=settings.SESSION_IDLE_REFRESH,
    )


def has_gone_idle(session, *, now: float | None = None) -> bool:
    """True when the person's last request was longer ago than the idle limit."""
    last_seen = session.get(LAST_SEEN_KEY)
    if last_seen is None:
        return False
    return (now or time.time()) - last_seen > settings.SESSION_IDLE_TIMEOUT


def mark_active(session, *, now: float | None = None, force: bool = False) -> None:
    """Move the session's clock on. Written at most once every SESSION_IDLE_REFRESH seconds
    unless forced, so an ordinary page costs no session write."""
    now = now or time.time()
    last_seen = session.get(LAST_SEEN_KEY)
    if force or last_seen is None or now - last_seen >= settings.SESSION_IDLE_REFRESH:
        session[LAST_SEEN_KEY] = now


def start_clock(sender, request, user, **kwargs) -> None:
    """On signing in (django.contrib.auth's user_logged_in), the clock starts at once."""
    if request is not None and hasattr(request, "session"):
        mark_active(request.session, force=True)
