"""Calendar files (.ics, RFC 5545) for together sessions and interviews, so that a member can put
them in the calendar on their phone or computer with one tap ("Add to calendar").

One VEVENT per file, with a UID that stays the same when staff change the time (so a calendar
updates the event rather than adding a second one), times in UTC, text escaped, long lines folded.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from panels.models import InterviewSlot, TogetherSession

PRODUCT = "-//Commissioning Together//Panels//EN"


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) wants it: backslashes, semicolons, commas and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character (3.1)."""
    pieces, current = [], ""
    for character in line:
        limit = 75 if not pieces else 74  # a continuation starts with a space
        if len((current + character).encode()) > limit:
            pieces.append(current)
            current = character
        else:
            current += character
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_file(
    *, uid: str, starts_at: datetime, minutes: int, summary: str, location: str, description: str, url: str
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(starts_at)}",
        f"DTEND:{utc(starts_at + timedelta(minutes=minutes))}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines += [f"URL:{url}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "commissioning.example"


def _where(place: str, video_link: str) -> str:
    return "\n".join(part for part in (place, f"Video call: {video_link}" if video_link else "") if part)


def session_file(session: TogetherSession) -> str:
    """The together session `session` (its panel loaded) as a calendar file."""
    page = settings.SITE_URL + reverse("panels:panel_together", args=[session.panel_id]) + f"#session-{session.pk}"
    return calendar_file(
        uid=f"together-session-{session.pk}@{_domain()}",
        starts_at=session.starts_at,
        minutes=session.duration_minutes,
        summary=f"{session.panel.name}: {session.title}",
        location=_where(session.place, session.video_link),
        description="\n\n".join(part for part in (session.agenda, f"Details: {page}") if part),
        url=page,
    )


def interview_file(slot: InterviewSlot) -> str:
    """The booked interview `slot` (its panel and application's organisation loaded)."""
    page = settings.SITE_URL + reverse("panels:interviews_panel", args=[slot.panel_id])
    return calendar_file(
        uid=f"interview-{slot.pk}@{_domain()}",
        starts_at=slot.starts_at,
        minutes=slot.duration_minutes,
        summary=f"{slot.panel.name}: interview with {slot.application.organisation.name}",
        location=_where(slot.place, slot.video_link),
        description=f"The interview timetable and questions: {page}",
        url=page,
    )


def calendar_response(text: str, filename: str) -> HttpResponse:
    """A calendar file as a download; phones and computers open it in their calendar."""
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
