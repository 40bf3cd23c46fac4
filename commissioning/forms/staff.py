"""Forms for the staff screens: programmes, rounds, the timeline, questions, the criteria
group and the plain-English word list.

They check the shape of what was typed; the services save it, check the policy and log it.
Edit forms get a copy of the object, because a ModelForm writes what was typed onto its
instance, and the services compare what was typed with what is stored.
"""

import re
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst, slugify

from commissioning.forms import GdsForm, gds_helper
from commissioning.models import Criterion, FundingRound, JargonTerm, Programme, Question, Stage, Strand

MONEY_TEMPLATE = "commissioning/staff/includes/money_field.html"
RADIOS_TEMPLATE = "commissioning/staff/includes/radios_field.html"
# DecimalField(max_digits=12, decimal_places=2): ten digits of pounds.
LARGEST_AMOUNT = Decimal("9999999999")


def _numeric(width: int) -> forms.TextInput:
    """GOV.UK's advice for numbers: a text box with a numeric keyboard, not type=number."""
    return forms.TextInput(
        attrs={"inputmode": "numeric", "spellcheck": "false", "class": f"govuk-input--width-{width}"}
    )


class PoundsField(forms.Field):
    """Whole pounds, typed as people write them: "1,700,000", "1700000" or "£1,700,000"."""

    widget = forms.TextInput

    def __init__(self, *, what: str, example: str, pennies: bool = False, **kwargs):
        self.what = what
        self.example = example
        # Pounds and pence ("12.50") where a cost is exact to the penny, such as an expense.
        self.pennies = pennies
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "spellcheck": "false"}

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)) and value == int(value):
            return f"{int(value):,}"
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"[\s,£]", "", str(value))
        unit = "pounds and pence" if self.pennies else "whole pounds"
        whole_pounds = f"Enter {self.what} in {unit}, like {self.example}"
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValidationError(whole_pounds, code="invalid")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(whole_pounds, code="invalid") from None
        if amount <= 0:
            raise ValidationError(f"{capfirst(self.what)} must be more than £0", code="min_value")
        if amount > LARGEST_AMOUNT:
            raise ValidationError(f"{capfirst(self.what)} must be less than £10,000,000,000", code="max_value")
        step = Decimal("0.01") if self.pennies else Decimal("1")
        if amount != amount.quantize(step, rounding=ROUND_DOWN):
            raise ValidationError(whole_pounds, code="pennies")
        return amount.quantize(step)


def whole_number(*, label, required_message, range_message, min_value, max_value, help_text="", width=4):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=min_value,
        max_value=max_value,
        widget=_numeric(width),
        error_messages={
            "required": required_message,
            "invalid": range_message,
            "min_value": range_message,
            "max_value": range_message,
        },
    )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "funder_name",
            "funder_rules",
            "accountability_note",
            "funder_org_id",
            "grant_id_prefix",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_hours",
        ]
        labels = {
            "name": "Programme name",
            "funder_name": "Funder's name",
            "funder_rules": "The funder's rules (optional)",
            "accountability_note": "What the funder needs to see (optional)",
            "funder_org_id": "Funder's 360Giving organisation identifier (optional)",
            "grant_id_prefix": "360Giving grant identifier prefix (optional)",
            "contact_name": "Who people can ask for help (optional)",
            "contact_phone": "Their phone number (optional)",
            "contact_email": "Their email address (optional)",
            "contact_hours": "When to call (optional)",
        }
        help_texts = {
            "name": "For example, Time to Shine.",
            "funder_rules": "What every grant from this programme must do, in plain English.",
            "contact_name": "Shown under “Need help?” on every page about this programme's rounds and panels, "
            "for example Sam Staff.",
        }
        widgets = {
            "funder_rules": forms.Textarea(attrs={"rows": 4}),
            "accountability_note": forms.Textarea(attrs={"rows": 4}),
            "funder_org_id": forms.TextInput(attrs={"spellcheck": "false"}),
            "grant_id_prefix": forms.TextInput(attrs={"spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
            "contact_email": forms.EmailInput(attrs={"spellcheck": "false"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the programme's name",
                "max_length": "The programme's name must be 200 characters or fewer",
            },
            "funder_name": {
                "required": "Enter the funder's name",
                "max_length": "The funder's name must be 200 characters or fewer",
            },
            "funder_org_id": {"max_length": "The organisation identifier must be 100 characters or fewer"},
            "grant_id_prefix": {"max_length": "The grant identifier prefix must be 100 characters or fewer"},
            "contact_name": {"max_length": "The contact's name must be 150 characters or fewer"},
            "contact_phone": {"max_length": "The phone number must be 40 characters or fewer"},
            "contact_email": {"invalid": "Enter an email address like name@example.org"},
            "contact_hours": {"max_length": "When to call must be 150 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = sum(character.isdigit() for character in phone)
        if phone and (digits < 7 or any(c not in "0123456789 +()-" for c in phone)):
            raise ValidationError("Enter a phone number using numbers and spaces only, like 0113 496 0000")
        return phone


MONEY_FIELDS = ("budget", "minimum_grant", "maximum_grant")


class RoundForm(forms.ModelForm):
    """A round's details. The model's clean() compares the amounts with each other."""

    slug = forms.SlugField(
        label="Web address (optional)",
        required=False,
        max_length=80,
        help_text="The end of the round's web address, like new-projects-2018. Leave it empty to make one "
        "from the title.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
        error_messages={
            "invalid": "Enter a web address using only lower-case letters, numbers and hyphens, like new-projects-2018",
            "max_length": "The web address must be 80 characters or fewer",
            "unique": "Another round already uses this web address",
        },
    )
    budget = PoundsField(label="Total budget, in pounds", what="the budget", example="1,700,000")
    minimum_grant = PoundsField(label="Smallest grant, in pounds", what="the smallest grant", example="10,000")
    maximum_grant = PoundsField(label="Largest grant, in pounds", what="the largest grant", example="150,000")
    minutes_per_application = whole_number(
        label="Minutes a volunteer needs to read and score one application",
        help_text="Volunteers see this before they agree to join a panel.",
        required_message="Enter the minutes a volunteer needs per application",
        range_message="Enter the minutes as a whole number from 1 to 6,000, like 90",
        min_value=1,
        max_value=6000,
    )
    criteria_quorum = whole_number(
        label="Responses needed to agree a criterion",
        help_text="A criterion is agreed when at least this many of the criteria group have responded "
        "and nobody objects.",
        required_message="Enter how many responses are needed to agree a criterion",
        range_message="Enter the number of responses as a whole number from 1 to 1,000, like 5",
        min_value=1,
        max_value=1000,
    )
    recovery_gap_days = whole_number(
        label="Days of rest between volunteer stages",
        help_text="The shortest gap you want between stages that ask a lot of volunteers.",
        required_message="Enter the days of rest between volunteer stages",
        range_message="Enter the days of rest as a whole number from 0 to 365, like 7",
        min_value=0,
        max_value=365,
    )

    class Meta:
        model = FundingRound
        fields = [
            "title",
            "slug",
            "summary",
            "budget",
            "minimum_grant",
            "maximum_grant",
            "minutes_per_application",
            "criteria_quorum",
            "recovery_gap_days",
        ]
        labels = {"title": "Title", "summary": "Plain-English summary"}
        help_texts = {
            "title": "For example, New projects 2018.",
            "summary": "What the money is for, in a few short sentences. Everyone who might apply reads this.",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "title": {
                "required": "Enter the round's title",
                "max_length": "The title must be 200 characters or fewer",
            },
            "summary": {"required": "Enter a plain-English summary of what the money is for"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "title",
            "slug",
            "summary",
            *(Field(name, template=MONEY_TEMPLATE, css_class="govuk-input--width-10") for name in MONEY_FIELDS),
            "minutes_per_application",
            "criteria_quorum",
            "recovery_gap_days",
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if not slug:
            # Made from the title; a title another round used before gets the first free
            # "-2", "-3"… so staff are never refused for an address they did not choose.
            slug = slugify(self.cleaned_data.get("title") or "")[:76].strip("-")
            if not slug and self.cleaned_data.get("title"):
                raise ValidationError("Enter a web address, like new-projects-2018")
            slug = self._first_free(slug) if slug else slug
        return slug

    def _first_free(self, slug: str) -> str:
        taken = set(
            FundingRound.objects.exclude(pk=self.instance.pk)
            .filter(slug__startswith=slug)
            .values_list("slug", flat=True)
        )
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def clean(self):
        cleaned = super().clean()
        # An amount that did not make sense is not compared with the others (on an edit, the
        # instance would otherwise still hold the amount stored before).
        for name in MONEY_FIELDS:
            if name in self.errors:
                setattr(self.instance, name, None)
        return cleaned


class StageDateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose errors name the day they are about."""

    PARTS = ("day", "month", "year")

    def __init__(self, *, what: str, **kwargs):
        super().__init__(required=False, require_all_fields=False, **kwargs)
        self.what = what

    @property
    def real_date_message(self) -> str:
        return f"Enter {self.what} as a real date"

    def flag(self, message: str, part: int = 0) -> None:
        """Show `message` against one box, so the error summary links to it."""
        self.fields[part].widget.errors = [*getattr(self.fields[part].widget, "errors", []), message]

    def clean(self, value):
        for subfield in self.fields:
            subfield.widget.errors = []
        values = [str(part or "").strip() for part in (value or ["", "", ""])][:3]
        values += [""] * (3 - len(values))
        if not any(values):
            return None
        missing = [index for index, part in enumerate(values) if not part]
        if missing:
            message = f"{capfirst(self.what)} must include a {' and '.join(self.PARTS[i] for i in missing)}"
            self.flag(message, missing[0])
            raise ValidationError(message, code="incomplete")
        day, month, year = values
        try:
            if not all(part.isdigit() for part in values) or len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            self.flag(self.real_date_message)
            raise ValidationError(self.real_date_message, code="invalid") from None


class TimelineForm(forms.Form):
    """The first and last day of each stage. A stage with both days empty is not planned yet."""

    def __init__(self, data=None, *, funding_round: FundingRound, **kwargs):
        initial = {}
        for stage in funding_round.stages.all():
            initial[f"{stage.kind}_starts_on"] = stage.starts_on
            initial[f"{stage.kind}_ends_on"] = stage.ends_on
        super().__init__(data, initial=initial, **kwargs)
        fieldsets = []
        for kind in Stage.Kind:
            for end, word in (("starts_on", "first"), ("ends_on", "last")):
                self.fields[f"{kind}_{end}"] = StageDateField(
                    label=f"{capfirst(word)} day", what=f"the {word} day of ‘{kind.label}’"
                )
            fieldsets.append(
                Fieldset(f"{kind}_starts_on", f"{kind}_ends_on", legend=kind.label, legend_size=Size.MEDIUM)
            )
        self.helper = gds_helper(self)
        self.helper.layout = Layout(*fieldsets)

    def dates(self) -> dict:
        """What services.set_timeline takes: each Stage.Kind → (first day, last day)."""
        return {
            kind: (self.cleaned_data.get(f"{kind}_starts_on"), self.cleaned_data.get(f"{kind}_ends_on"))
            for kind in Stage.Kind
        }

    def add_timeline_errors(self, errors: dict[str, str]) -> None:
        """Put services.set_timeline's errors (keyed "<kind>_starts_on") on their fields."""
        for name, message in errors.items():
            if name in self.fields:
                self.fields[name].flag(message)
                self.add_error(name, message)
            else:
                self.add_error(None, message)


class QuestionForm(forms.ModelForm):
    criterion = forms.ModelChoiceField(
        queryset=Criterion.objects.none(),
        label="Which criterion does this question help the panel score?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the criterion this question serves",
            "invalid_choice": "Choose one of this round's criteria",
        },
    )
    word_limit = whole_number(
        label="Word limit for the answer",
        required_message="Enter a word limit between 1 and 5,000",
        range_message="Enter a word limit between 1 and 5,000",
        min_value=1,
        max_value=5000,
    )

    class Meta:
        model = Question
        fields = ["criterion", "applies_to", "text", "help_text", "word_limit", "is_required"]
        labels = {
            "applies_to": "Which applicants answer it?",
            "text": "Question",
            "help_text": "Help for applicants (optional)",
            "is_required": "Applicants must answer this question",
        }
        help_texts = {"help_text": "What a good answer covers, in plain English."}
        widgets = {"help_text": forms.Textarea(attrs={"rows": 4}), "applies_to": forms.RadioSelect}
        error_messages = {
            "text": {
                "required": "Enter the question",
                "max_length": "The question must be 300 characters or fewer",
            },
            "applies_to": {"invalid_choice": "Choose one of this round's strands, or every strand"},
        }

    def __init__(self, *args, funding_round: FundingRound, **kwargs):
        super().__init__(*args, **kwargs)
        # This round's criteria and strands, none withdrawn, read once for the radios.
        standing = funding_round.criteria.exclude(status=Criterion.Status.WITHDRAWN)
        everything = list(standing.select_related("strand"))
        self.fields["criterion"].queryset = standing.not_strands()
        self.fields["criterion"].choices = [(c.pk, c.title) for c in everything if not c.is_strand]
        strands = [c.strand for c in everything if c.is_strand]
        layout = [Field("criterion", template=RADIOS_TEMPLATE), "text", "help_text", "word_limit", "is_required"]
        if strands:
            # In a round shared between strands, a question may be asked in one strand only.
            self.fields["applies_to"].queryset = Strand.objects.filter(pk__in=[strand.pk for strand in strands])
            self.fields["applies_to"].choices = [("", "Every strand")] + [(s.pk, s.title) for s in strands]
            layout.insert(1, Field("applies_to", template=RADIOS_TEMPLATE))
        else:
            del self.fields["applies_to"]
        self.helper = gds_helper(self)
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*layout)


class InviteForm(GdsForm):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        required=False,
        max_length=150,
        help_text="Needed only if they do not have an account yet.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "The name must be 150 characters or fewer"},
    )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class JargonForm(forms.ModelForm):
    class Meta:
        model = JargonTerm
        fields = ["term", "plainer"]
        labels = {"term": "Word or phrase to avoid", "plainer": "Plainer words to use instead"}
        error_messages = {
            "term": {
                "required": "Enter the word or phrase to avoid",
                "unique": "This word is already on the list",
                "max_length": "The word or phrase must be 100 characters or fewer",
            },
            "plainer": {
                "required": "Enter plainer words to use instead",
                "max_length": "The plainer words must be 200 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)

    def clean_term(self):
        # Stored as services.add_jargon_term stores it, so the uniqueness check sees the same word.
        return " ".join(self.cleaned_data["term"].lower().split())

    def clean_plainer(self):
        return self.cleaned_data["plainer"].strip()
