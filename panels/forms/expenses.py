"""Forms for volunteers' expenses: a claim with its receipt, the member's answer to staff's
question, staff's question, and the programme's rules.

They check the shape of what was typed; `services.expenses` checks the programme's rules (taxis,
receipts, mileage, the largest claim), saves and logs, so a refusal reads the same everywhere.
"""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from commissioning.forms import gds_helper
from commissioning.forms.staff import MONEY_TEMPLATE, RADIOS_TEMPLATE, PoundsField
from panels.forms.talk import SessionDateField
from panels.models import ExpenseClaim, ExpenseRules

RECEIPT_HINT = "A photo (JPEG or PNG) or a PDF of the receipt or ticket, up to 10 MB."
REASON_LIMIT = 2000


class MilesField(forms.Field):
    """Miles as people write them: "12", "12.5" or "12 miles"; to a tenth of a mile."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "spellcheck": "false"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"(?i)[\s,]|miles?$", "", str(value))
        try:
            miles = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Enter the miles as a number, like 12.5", code="invalid") from None
        if not miles.is_finite() or miles <= 0:
            raise ValidationError("The miles must be more than 0", code="min_value")
        if miles > 100000 or miles != miles.quantize(Decimal("0.1")):
            raise ValidationError("Enter the miles to the nearest tenth, like 12.5", code="invalid")
        return miles


def _receipt_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=RECEIPT_HINT,
        required=False,
        # An empty file gets the service's plain message, not Django's.
        allow_empty_file=True,
        error_messages={"invalid": "The receipt did not arrive. Choose it again.", "missing": "Choose the receipt"},
    )


class ExpenseClaimForm(forms.Form):
    """One cost. `sessions` are the member's panel's together sessions, to choose from."""

    kind = forms.ChoiceField(
        label="What was the cost?",
        choices=ExpenseClaim.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the cost was", "invalid_choice": "Choose what the cost was"},
    )
    occasion = forms.ChoiceField(
        label="What was it for?",
        choices=ExpenseClaim.Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the cost was for", "invalid_choice": "Choose what the cost was for"},
    )
    session = forms.TypedChoiceField(
        label="Which together session? (if it was for one)",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of your panel's together sessions"},
    )
    spent_on = SessionDateField(
        label="Date of the cost", what="the date of the cost", help_text="For example, 6 3 2018"
    )
    description = forms.CharField(
        label="Details (optional)",
        help_text="For example, “Bus from Armley to the Civic Hall and back”.",
        required=False,
        max_length=300,
        error_messages={"max_length": "The details must be 300 characters or fewer"},
    )
    miles = MilesField(
        label="Miles driven (for mileage only)",
        help_text="There and back. We work out the amount from the miles.",
        required=False,
    )
    amount = PoundsField(
        label="Amount (not needed for mileage)",
        what="the amount",
        example="£12.50",
        pennies=True,
        required=False,
    )
    receipt = _receipt_field("Receipt")

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {session.pk: session for session in sessions}
        self.fields["session"].choices = [
            ("", "Not for a session"),
            *(
                (session.pk, f"{session.title}, {date_format(timezone.localtime(session.starts_at), 'j F Y')}")
                for session in sessions
            ),
        ]
        self.helper = gds_helper(self)
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            Field("kind", template=RADIOS_TEMPLATE),
            Field("occasion", template=RADIOS_TEMPLATE),
            "session",
            "spent_on",
            "description",
            Field("miles", css_class="govuk-input--width-5"),
            Field("amount", template=MONEY_TEMPLATE, css_class="govuk-input--width-5"),
            "receipt",
        )

    def claim_fields(self) -> dict:
        """What `services.expenses.claim_expense` takes."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "occasion": data["occasion"],
            "session": self.sessions.get(data["session"]),
            "spent_on": data["spent_on"],
            "description": data["description"],
            "miles": data["miles"],
            "amount": data["amount"],
            "receipt": data["receipt"],
        }


class QueryAnswerForm(forms.Form):
    reply = forms.CharField(
        label="Your answer",
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your answer to staff's question",
            "max_length": f"Your answer must be {REASON_LIMIT:,} characters or fewer",
        },
    )
    receipt = _receipt_field("A new receipt (if staff asked for one)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class ExpenseQueryForm(forms.Form):
    reason = forms.CharField(
        label="What do you need to know?",
        help_text="The member sees this, so write it to them in plain words.",
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write what you need to know, so the member can answer",
            "max_length": f"The question must be {REASON_LIMIT:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class ExpenseRulesForm(forms.ModelForm):
    honorarium_amount = PoundsField(
        label="Honorarium per panel seat (if offered)",
        what="the honorarium",
        example="£100",
        pennies=True,
        required=False,
    )

    class Meta:
        model = ExpenseRules
        fields = ["allows_taxis", "mileage_pence_per_mile", "needs_receipts", "offers_honorarium", "honorarium_amount"]
        labels = {
            "allows_taxis": "The programme pays for taxis",
            "mileage_pence_per_mile": "Mileage rate, in pence per mile",
            "needs_receipts": "A receipt is needed for every claim except mileage",
            "offers_honorarium": "The programme offers each member an honorarium",
        }
        help_texts = {"mileage_pence_per_mile": "HMRC's approved rate for cars is 45 pence per mile."}
        widgets = {"mileage_pence_per_mile": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})}
        error_messages = {
            "mileage_pence_per_mile": {
                "required": "Enter the mileage rate in pence, like 45",
                "invalid": "Enter the mileage rate in whole pence, like 45",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "allows_taxis",
            Field("mileage_pence_per_mile", css_class="govuk-input--width-4"),
            "needs_receipts",
            "offers_honorarium",
            Field("honorarium_amount", template=MONEY_TEMPLATE, css_class="govuk-input--width-5"),
        )

    def clean(self):
        cleaned = super().clean()
        rate = cleaned.get("mileage_pence_per_mile")
        if rate is not None and not 1 <= rate <= 200:
            self.add_error("mileage_pence_per_mile", "The mileage rate must be between 1 and 200 pence per mile")
        if (
            cleaned.get("offers_honorarium")
            and not cleaned.get("honorarium_amount")
            and not self.has_error("honorarium_amount")
        ):
            self.add_error("honorarium_amount", "Enter the honorarium, or untick that the programme offers one")
        return cleaned
