"""Forms for strands: the panel moving money between them, and a portfolio tried out before
voting. They check the shape of what was typed; the services keep each strand and the round
within its money and say why not on the same page."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from commissioning.forms import gds_helper
from commissioning.forms.criteria import RADIOS_TEMPLATE
from panels.forms.decisions import RATIONALE_MAX, parse_pounds
from panels.models import PortfolioChoice

RESERVE = "reserve"


def _radios(name: str) -> Field:
    return Field(name, template=RADIOS_TEMPLATE, context={"legend_size": Size.for_legend(Size.SMALL)})


class StrandMoveForm(forms.Form):
    """From a strand (or the reserve) to another, how much and the panel's reasons."""

    from_strand = forms.ChoiceField(
        label="Where does the money come from?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the money comes from",
            "invalid_choice": "Choose where the money comes from",
        },
    )
    to_strand = forms.ChoiceField(
        label="Which strand does it go to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the strand it goes to", "invalid_choice": "Choose the strand it goes to"},
    )
    amount = forms.CharField(
        label="How much, in pounds?",
        help_text="Whole pounds. Only money not yet awarded can move.",
        max_length=20,
        error_messages={"required": "Enter how much to move, in pounds", "max_length": "Enter the amount in pounds"},
    )
    rationale = forms.CharField(
        label="The panel’s reasons",
        help_text="Say why the panel decided to move it: this goes in the decision report.",
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write the panel’s reasons for moving the money",
            "max_length": f"The reasons must be {RATIONALE_MAX:,} characters or fewer",
        },
    )

    def __init__(self, strands, *args, reserve_left=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.strands = {str(money.strand.pk): money.strand for money in strands}
        sources = [
            (str(money.strand.pk), f"{money.strand.title} (not yet awarded: {_words(money.left)})") for money in strands
        ]
        if reserve_left:
            sources = [(RESERVE, f"The reserve ({_words(reserve_left)})"), *sources]
        self.fields["from_strand"].choices = sources
        self.fields["to_strand"].choices = [(str(money.strand.pk), money.strand.title) for money in strands]
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            _radios("from_strand"),
            _radios("to_strand"),
            Field.text("amount", field_width=10),
            Field.textarea("rationale", rows=5),
        )

    def clean_amount(self):
        return parse_pounds(self.cleaned_data["amount"])

    def move(self) -> dict:
        """What `services.strands.move_strand_money` takes."""
        data = self.cleaned_data
        return {
            "from_strand": None if data["from_strand"] == RESERVE else self.strands[data["from_strand"]],
            "to_strand": self.strands[data["to_strand"]],
            "amount": data["amount"],
            "rationale": data["rationale"],
        }


def _words(amount) -> str:
    from commissioning.templatetags.money import money

    return money(amount)


class PortfolioForm(forms.Form):
    """Fund, decline or undecided for each shortlisted application (not those the member is
    conflicted on), with the amount to fund. Built from the shortlist rows."""

    CHOICES = [("", "Not decided"), *PortfolioChoice.Choice.choices]

    def __init__(self, applications, *args, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        initial_choices = initial_choices or {}
        for application in self.applications:
            choice, amount = initial_choices.get(application.pk, ("", None))
            self.fields[self.choice_name(application)] = forms.ChoiceField(
                label=f"{application.organisation.name}: fund or decline?",
                choices=self.CHOICES,
                required=False,
                initial=choice,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose fund, decline or not decided"},
            )
            self.fields[self.amount_name(application)] = forms.CharField(
                label=f"Amount to fund {application.organisation.name}, in pounds",
                help_text="Whole pounds: what it is asked for, unless you change it.",
                required=False,
                max_length=20,
                initial=f"{amount:.0f}" if amount else f"{application.amount_requested:.0f}",
                error_messages={"max_length": "Enter the amount in pounds"},
            )

    @staticmethod
    def choice_name(application) -> str:
        return f"choice_{application.pk}"

    @staticmethod
    def amount_name(application) -> str:
        return f"amount_{application.pk}"

    def clean(self):
        data = super().clean()
        for application in self.applications:
            name = self.amount_name(application)
            if data.get(self.choice_name(application)) != PortfolioChoice.Choice.FUND or name in self.errors:
                data[name] = None
                continue
            text = data.get(name) or ""
            if not text.strip():
                self.add_error(name, f"Enter how much to fund {application.organisation.name}, in pounds")
                continue
            try:
                data[name] = parse_pounds(text)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def choices(self) -> dict:
        """What `services.strands.save_portfolio` takes: application → (choice, amount)."""
        return {
            application.pk: (
                self.cleaned_data.get(self.choice_name(application)) or "",
                self.cleaned_data.get(self.amount_name(application)),
            )
            for application in self.applications
        }
