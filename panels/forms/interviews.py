"""Forms for interviews: staff offer slots and book one for an organisation; the panel adds
questions; a shortlisted organisation chooses its time. They check only what was typed (and,
kindly, a time the panel already offers); the services check the policy, save and log."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from commissioning.forms import gds_helper
from commissioning.forms.staff import StageDateField
from panels.models import InterviewSlot, Panel

TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def clock(moment: datetime) -> str:
    """A time as people write it: "10:00 am", "2:30 pm" (UK time)."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def when(moment: datetime) -> str:
    """ "10:00 am on 6 March 2018" (UK time)."""
    local = timezone.localtime(moment)
    return f"{clock(moment)} on {local.day} {local:%B %Y}"


def describe_slot(slot: InterviewSlot) -> str:
    """ "Tuesday 6 March 2018, 10:00 am, 45 minutes, at Leeds Civic Hall" """
    local = timezone.localtime(slot.starts_at)
    where = f"at {slot.place}" if slot.place else "by video call"
    return f"{local:%A} {local.day} {local:%B %Y}, {clock(slot.starts_at)}, {slot.duration_minutes} minutes, {where}"


def parse_time(text: str) -> time | None:
    """ "10", "10am", "10:30", "2.30 pm", "14:30" → a time; None when it is not one."""
    match = TIME_PATTERN.match(text.strip().lower())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    suffix = (match[3] or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class InterviewDayField(StageDateField):
    """The GOV.UK date input, with the day required."""

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            message = "Enter the day of the interview"
            self.flag(message)
            raise forms.ValidationError(message, code="required")
        return day


class SlotForm(forms.Form):
    day = InterviewDayField(label="Day", what="the day of the interview", help_text="For example, 6 3 2018")
    start = forms.CharField(
        label="Start time",
        help_text="For example, 10:00 am or 2:30 pm",
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the start time, like 10:00 am",
            "max_length": "Enter the start time like 10:00 am or 2:30 pm",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        initial=45,
        min_value=15,
        max_value=240,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3", "spellcheck": "false"}),
        error_messages={
            "required": "Enter how long the interview lasts, in minutes",
            "invalid": "Enter the length as a whole number of minutes, like 45",
            "min_value": "An interview lasts at least 15 minutes",
            "max_value": "An interview lasts 240 minutes (4 hours) or less",
        },
    )
    place = forms.CharField(
        label="Where (the address)",
        help_text="With how to find the room. Leave it empty for a video call.",
        required=False,
        max_length=300,
        error_messages={"max_length": "The address must be 300 characters or fewer"},
    )
    video_link = forms.URLField(
        label="Video call link",
        help_text="For example, https://meet.example.org/panel-a. Leave it empty if you meet in person.",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the video link as a web address, like https://meet.example.org/panel-a",
            "max_length": "The video link must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, panel: Panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.helper = gds_helper(self)

    def clean_start(self):
        parsed = parse_time(self.cleaned_data["start"])
        if parsed is None:
            raise forms.ValidationError("Enter the start time like 10:00 am or 2:30 pm")
        return parsed

    def clean(self):
        cleaned = super().clean()
        typed_where = cleaned.get("place") or cleaned.get("video_link") or {"place", "video_link"} & set(self.errors)
        if not typed_where:
            self.add_error("place", "Enter where the interview happens, or a video call link")
        day, start = cleaned.get("day"), cleaned.get("start")
        if day and start:
            starts_at = timezone.make_aware(datetime.combine(day, start))
            cleaned["starts_at"] = starts_at
            if self.panel.interview_slots.filter(starts_at=starts_at).exists():
                self.add_error(
                    "start",
                    f"{self.panel.name} already offers a slot at {when(starts_at)}. Choose another time.",
                )
        return cleaned

    def slot_fields(self) -> dict:
        """What services.offer_interview_slot takes."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"].strip(),
            "video_link": data["video_link"],
        }


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation.name} ({obj.reference})"


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return describe_slot(obj)


class StaffBookingForm(forms.Form):
    """Staff book a time for a shortlisted organisation (for example, one that telephoned)."""

    application = ApplicationChoiceField(
        label="Organisation",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation to book",
            "invalid_choice": "Choose one of the shortlisted organisations",
        },
    )
    slot = SlotChoiceField(
        label="Time",
        queryset=None,
        empty_label="Choose a free time",
        error_messages={"required": "Choose a free time", "invalid_choice": "Choose one of the free times"},
    )

    def __init__(self, *args, panel: Panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = _shortlisted_on(panel)
        self.fields["slot"].queryset = panel.interview_slots.filter(application__isnull=True)
        self.helper = gds_helper(self)


def _shortlisted_on(panel: Panel):
    """The panel's shortlist, in the order a person looks for a name."""
    from applications.models import Application

    shortlisted = Application.objects.shortlisted().filter(shortlist_outcome__panel=panel)
    return shortlisted.select_related("organisation").order_by("organisation__name", "pk")


class InterviewQuestionForm(forms.Form):
    text = forms.CharField(
        label="The question",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write the question",
            "max_length": "The question must be 1,000 characters or fewer",
        },
    )
    application = ApplicationChoiceField(
        label="Who it is for",
        queryset=None,
        required=False,
        empty_label="Every organisation",
        error_messages={"invalid_choice": "Choose every organisation, or one of the shortlisted ones"},
    )

    def __init__(self, *args, panel: Panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = _shortlisted_on(panel)
        self.helper = gds_helper(self)


class BookingForm(forms.Form):
    """The organisation chooses one of the free times."""

    slot = SlotChoiceField(
        label="Choose a time for your interview",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a time for your interview",
            "invalid_choice": "Sorry, someone booked that time a moment ago. Please choose one of the other times.",
        },
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.helper = gds_helper(self)


class AgreementToProceedForm(InterviewQuestionForm):
    """The panel's agreement to go on to its decisions without every interview score."""

    text = None
    reason = forms.CharField(
        label="Why the panel agreed to go on",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the panel agreed to go on without every interview score"},
    )

    field_order = ["application", "reason"]

    def __init__(self, *args, panel: Panel, **kwargs):
        super().__init__(*args, panel=panel, **kwargs)
        self.fields["application"].label = "For which organisation"
        self.fields["application"].empty_label = "Every shortlisted organisation"
        self.helper = gds_helper(self)
