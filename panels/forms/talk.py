"""Forms for talking together: a message in a discussion, a question to staff and its answer,
a together session and who came to it.

They check the shape of what was typed; the services check the policy, save and log.
"""

import re
from datetime import datetime, time, timedelta

from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.forms import GdsForm, gds_helper
from commissioning.forms.staff import StageDateField

# Long enough for a careful message; short enough that one post cannot swamp a thread.
MESSAGE_LIMIT = 5000
QUESTION_LIMIT = 2000


def _limit(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


class DiscussionPostForm(GdsForm):
    body = forms.CharField(
        label="Your message",
        help_text="Everyone on the panel who can open this application will see it, with your name.",
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write your message before sending it",
            "max_length": _limit("Your message", MESSAGE_LIMIT),
        },
    )


class QuestionForm(forms.Form):
    """A member's question to staff, about the process or about one application they may open.
    `applications` are those applications, as (pk, organisation name) pairs."""

    text = forms.CharField(
        label="Your question",
        help_text="Staff answer on this page, and the whole panel sees the question and the answer.",
        max_length=QUESTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your question before sending it",
            "max_length": _limit("Your question", QUESTION_LIMIT),
        },
    )
    application = forms.TypedChoiceField(
        label="Is it about one application?",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the applications you can open, or none"},
    )

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", "No, it is about the process"), *applications]
        self.helper = gds_helper(self)
        if not applications:
            # Nothing to choose from until the member has declared on an application: the
            # field still checks what is sent, but the page does not show an empty choice.
            self.helper.layout = Layout("text")


class AnswerForm(GdsForm):
    answer = forms.CharField(
        label="Your answer",
        help_text="Every member of the panel will see it, and they are emailed to say it is there.",
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write the answer before sending it",
            "max_length": _limit("The answer", MESSAGE_LIMIT),
        },
    )


class SessionDateField(StageDateField):
    """The day of a session: a GOV.UK date input that must be filled in."""

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            message = f"Enter {self.what}"
            self.flag(message)
            raise ValidationError(message, code="required")
        return day


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def parse_time(text: str) -> time | None:
    """A time as people type it: "10am", "10:30 am", "2.30pm", "14:30". None if it is not one."""
    found = _TIME.match(" ".join(text.lower().split()))
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif found[2] is None:
        return None  # "10" alone could be morning or evening
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _time_field(label: str, what: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="For example, 10am or 2:30pm",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        error_messages={"required": f"Enter {what}", "max_length": f"Enter {what} like 10am or 2:30pm"},
    )


def _show_time(value: time) -> str:
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


class SessionForm(forms.Form):
    """When and where a together session is, and its agenda. A place or a video link is needed."""

    title = forms.CharField(
        label="Title",
        help_text="For example, “Talking through our scores”.",
        max_length=200,
        error_messages={"required": "Enter a title for the session", "max_length": _limit("The title", 200)},
    )
    on_date = SessionDateField(label="Date", what="the date of the session", help_text="For example, 6 3 2018")
    starts = _time_field("Start time", "the start time")
    ends = _time_field("End time", "the end time")
    place = forms.CharField(
        label="Place",
        help_text="The address, with how to find the room. Leave it empty for a session held by video.",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _limit("The place", 300)},
    )
    video_link = forms.URLField(
        label="Video link",
        help_text="The link members follow to join, if the session is online.",
        required=False,
        max_length=200,
        assume_scheme="https",
        # A text box (GOV.UK's styles and error marking), with the keyboard for web addresses.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the video link as a web address, like https://meet.example.org/panel-a",
            "max_length": _limit("The video link", 200),
        },
    )
    agenda = forms.CharField(
        label="Agenda",
        help_text="What the panel will talk about. Leave a blank line between items.",
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _limit("The agenda", MESSAGE_LIMIT)},
    )

    def __init__(self, *args, session=None, **kwargs):
        if session is not None:
            starts_at = timezone.localtime(session.starts_at)
            ends_at = starts_at + timedelta(minutes=session.duration_minutes)
            kwargs["initial"] = {
                "title": session.title,
                "on_date": starts_at.date(),
                "starts": _show_time(starts_at.time()),
                "ends": _show_time(ends_at.time()),
                "place": session.place,
                "video_link": session.video_link,
                "agenda": session.agenda,
            }
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.legend_size = Size.SMALL

    def _clean_time(self, name: str, what: str) -> time:
        found = parse_time(self.cleaned_data[name])
        if found is None:
            raise ValidationError(f"Enter {what} like 10am or 2:30pm")
        return found

    def clean_starts(self):
        return self._clean_time("starts", "the start time")

    def clean_ends(self):
        return self._clean_time("ends", "the end time")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends:
            minutes = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
            if minutes <= 0:
                self.add_error("ends", "The end time must be after the start time")
            elif minutes < 15:
                self.add_error("ends", "A session must last at least 15 minutes")
        if not cleaned.get("place") and not cleaned.get("video_link") and "video_link" not in self.errors:
            self.add_error("place", "Enter a place, or a video link for an online session")
        return cleaned

    def session_fields(self) -> dict:
        """What services.arrange_session takes."""
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["on_date"], data["starts"]))
        ends_at = timezone.make_aware(datetime.combine(data["on_date"], data["ends"]))
        return {
            "title": " ".join(data["title"].split()),
            "starts_at": starts_at,
            "duration_minutes": int((ends_at - starts_at).total_seconds() // 60),
            "place": data["place"].strip(),
            "video_link": data["video_link"],
            "agenda": data["agenda"].strip(),
        }


class AttendanceForm(forms.Form):
    """Tick who came. `memberships` are the panel's accepted members."""

    attendees = forms.ModelMultipleChoiceField(
        label="Tick each member who came",
        help_text="Leave a box empty for anyone who could not come.",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Tick only members of this panel",
            "invalid_pk_value": "Tick only members of this panel",
        },
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = memberships
        field.label_from_instance = lambda membership: membership.user.full_name or membership.user.email
        self.helper = gds_helper(self)
        self.helper.legend_size = Size.MEDIUM
