"""Forms for deciding: a member's decision vote, the panel's reasons, its feedback, and the staff
record of the decision meeting. They check the shape of what was typed (a number, a choice,
not too long); the services decide the rest (within the request, the smallest grant and the
budget) and their messages are shown on the same page."""

from decimal import Decimal, InvalidOperation

from django import forms

from commissioning.forms import GdsForm, gds_helper
from panels.models import PanelMembership, TogetherSession, Vote
from panels.services.decisions import DECLARATIONS_MAX, FEEDBACK_MAX

CHOICE_ERROR = "Choose fund, fund with conditions or decline"
AMOUNT_WORDS = "Enter the amount in pounds, like 75000"
RATIONALE_MAX = 5000
CONDITIONS_MAX = 1000


def parse_pounds(text: str) -> Decimal:
    """ "£75,000", "75000" or "75 000" → Decimal("75000"); anything else is a ValidationError."""
    cleaned = text.strip().removeprefix("£").replace(",", "").replace(" ", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(f"{AMOUNT_WORDS}, using numbers only") from None
    if not amount.is_finite():
        raise forms.ValidationError(f"{AMOUNT_WORDS}, using numbers only")
    if amount <= 0:
        raise forms.ValidationError("Enter an amount of more than £0")
    return amount


def _amount_field() -> forms.CharField:
    return forms.CharField(
        label="How much should the panel award, in pounds?",
        help_text="Whole pounds, no more than the organisation asked for.",
        required=False,
        max_length=20,
        error_messages={"max_length": AMOUNT_WORDS},
    )


class DecisionVoteForm(GdsForm):
    """Fund, fund with conditions or decline. The amount box is revealed under each funding
    choice (two boxes, as GOV.UK's conditional reveal needs one per choice); without
    JavaScript every box shows and only the one under the chosen answer is read."""

    choice = forms.ChoiceField(
        label="What should the panel decide?",
        choices=[(value, Vote.Choice(value).label) for value in Vote.DECISION_CHOICES],
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
    )
    fund_amount = _amount_field()
    conditions_amount = _amount_field()
    conditions = forms.CharField(
        label="What are the conditions?",
        help_text="For example: “Report how many people came after six months.”",
        required=False,
        max_length=CONDITIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The conditions must be {CONDITIONS_MAX:,} characters or fewer"},
    )

    AMOUNT_FIELDS = {Vote.Choice.FUND: "fund_amount", Vote.Choice.FUND_WITH_CONDITIONS: "conditions_amount"}

    @classmethod
    def initial_for(cls, vote: Vote | None) -> dict:
        if vote is None:
            return {}
        amount = "" if vote.amount is None else f"{vote.amount:.0f}"
        return {
            "choice": vote.choice,
            "fund_amount": amount,
            "conditions_amount": amount,
            "conditions": vote.conditions,
        }

    @property
    def amount_field_name(self) -> str | None:
        """The amount box that goes with the chosen answer (None for decline)."""
        return self.AMOUNT_FIELDS.get(self.cleaned_data.get("choice"))

    def vote(self) -> dict:
        """What the service takes: the choice, the amount from its box, and the conditions."""
        return {key: self.cleaned_data[key] for key in ("choice", "amount", "conditions")}

    def clean(self):
        data = super().clean()
        data["amount"] = None
        name = self.amount_field_name
        if name is None or name in self.errors:
            return data
        text = data.get(name, "")
        if not text.strip():
            self.add_error(name, "Enter how much the panel should award, in pounds")
        else:
            try:
                data["amount"] = parse_pounds(text)
            except forms.ValidationError as error:
                self.add_error(name, error)
        wants_conditions = data.get("choice") == Vote.Choice.FUND_WITH_CONDITIONS
        if wants_conditions and not data.get("conditions", "").strip() and "conditions" not in self.errors:
            self.add_error("conditions", "Say what the conditions are")
        return data


class RationaleForm(GdsForm):
    rationale = forms.CharField(
        label="The panel’s reasons",
        help_text="Say why, in words the organisation will understand: they will read this.",
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write the panel’s reasons for this decision",
            "max_length": f"The reasons must be {RATIONALE_MAX:,} characters or fewer",
        },
    )

    def clean_rationale(self):
        rationale = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError("Write the panel’s reasons for this decision")
        return rationale


class FeedbackForm(forms.Form):
    """Two boxes per scored criterion: its strengths, and what could be better."""

    def __init__(self, criteria, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            for name, label in (
                (self.strengths_name(criterion), "Strengths"),
                (self.better_name(criterion), "What could be better"),
            ):
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=FEEDBACK_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={
                        "max_length": f"“{label}” for “{criterion.title}” must be {FEEDBACK_MAX:,} characters or fewer"
                    },
                )
        self.helper = gds_helper(self)

    @staticmethod
    def strengths_name(criterion) -> str:
        return f"strengths_{criterion.pk}"

    @staticmethod
    def better_name(criterion) -> str:
        return f"better_{criterion.pk}"

    @classmethod
    def initial_for(cls, rows) -> dict:
        initial = {}
        for row in rows:
            initial[f"strengths_{row.criterion_id}"] = row.strengths
            initial[f"better_{row.criterion_id}"] = row.could_be_better
        return initial

    def rows(self):
        return [(c, self[self.strengths_name(c)], self[self.better_name(c)]) for c in self.criteria]

    def feedback(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (self.cleaned_data[self.strengths_name(c)], self.cleaned_data[self.better_name(c)])
            for c in self.criteria
        }


class MeetingForm(forms.Form):
    """Staff record the decision meeting: an arranged one, or a new one, who came, and the
    declarations made."""

    session = forms.ModelChoiceField(
        label="Which meeting?",
        queryset=TogetherSession.objects.none(),
        required=False,
        empty_label="A meeting not arranged here: give its details below",
        error_messages={"invalid_choice": "Choose one of this panel’s meetings"},
    )
    title = forms.CharField(
        label="What the meeting was called",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    starts_at = forms.DateTimeField(
        label="When it started",
        help_text="For example, 14/07/2026 14:30",
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y %H.%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "Enter the date and time like 14/07/2026 14:30"},
    )
    place = forms.CharField(
        label="Where",
        required=False,
        max_length=300,
        error_messages={"max_length": "The place must be 300 characters or fewer"},
    )
    attendees = forms.ModelMultipleChoiceField(
        label="Who attended?",
        queryset=PanelMembership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Tick only this panel’s members"},
    )
    declarations = forms.CharField(
        label="Declarations made at the meeting",
        help_text="Any conflicts of interest members declared, in their words. Leave empty if none.",
        required=False,
        max_length=DECLARATIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"The declarations must be {DECLARATIONS_MAX:,} characters or fewer"},
    )

    def __init__(self, panel, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = panel.sessions.order_by("-starts_at", "-pk")
        self.fields["attendees"].queryset = (
            panel.memberships.filter(status=PanelMembership.Status.ACCEPTED)
            .select_related("user")
            .order_by("user__full_name", "pk")
        )
        self.fields["attendees"].label_from_instance = lambda membership: membership.user.full_name
        self.helper = gds_helper(self)

    def clean(self):
        data = super().clean()
        if data.get("session") is None and not self.errors:
            if not data.get("title", "").strip():
                self.add_error("title", "Choose the meeting, or enter the name of a new one")
            if data.get("starts_at") is None:
                self.add_error("starts_at", "Enter when the meeting started, like 14/07/2026 14:30")
            if not data.get("place", "").strip():
                self.add_error("place", "Enter where the meeting was held")
        return data

    def meeting(self) -> dict:
        """What the service takes: the meeting (one arranged already, or a new one), who came and
        the declarations made."""
        data = self.cleaned_data
        details = {key: data[key] for key in ("session", "attendees", "declarations")}
        return {**details, **self.new_session()}

    def new_session(self) -> dict:
        if self.cleaned_data["session"] is not None:
            return {}
        return {
            "title": self.cleaned_data["title"].strip(),
            "starts_at": self.cleaned_data["starts_at"],
            "place": self.cleaned_data["place"].strip(),
        }
