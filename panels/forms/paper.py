"""Forms for taking down a member's paper sheet or phone vote, and attaching the signed sheet.
They check only what was typed; the services ask the policy and check the rest."""

from django import forms

from commissioning.forms import GdsForm
from panels.forms.decisions import DecisionVoteForm
from panels.forms.member import AssessmentForm
from panels.forms.shortlist import ShortlistVoteForm
from panels.models import Adjustment, TakeDown

SOURCE_ERROR = "Say whether this came from a signed paper sheet or a phone call"


def _source_field(chosen: set[str]) -> forms.ChoiceField:
    """Where the entry came from: only the ways the member chose (their adjustments)."""
    choices = [
        (source, f"The member’s {label}")
        for source, label in TakeDown.Source.choices
        if Adjustment.FOR_SOURCE[source] in chosen
    ]
    return forms.ChoiceField(
        label="Where did this come from?",
        choices=choices,
        initial=choices[0][0] if len(choices) == 1 else None,
        widget=forms.RadioSelect,
        error_messages={"required": SOURCE_ERROR, "invalid_choice": SOURCE_ERROR},
    )


class _FromSource:
    """Puts the source question first on a taken-down entry's form."""

    def _add_source(self, chosen: set[str]) -> None:
        self.fields = {"source": _source_field(chosen), **self.fields}

    @property
    def source(self) -> str:
        return self.cleaned_data["source"]


class PaperSheetForm(_FromSource, AssessmentForm):
    """A signed sheet is complete: every criterion has the score the member gave."""

    def __init__(self, criteria, chosen: set[str], *args, **kwargs):
        super().__init__(criteria, *args, **kwargs)
        self._add_source(chosen)
        for criterion in criteria:
            field = self.fields[self.score_name(criterion)]
            field.required = True
            field.error_messages["required"] = f"Choose the score the member gave for “{criterion.title}”"


class PhoneShortlistVoteForm(_FromSource, ShortlistVoteForm):
    def __init__(self, chosen: set[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].label = "The member’s vote"
        self._add_source(chosen)


class PhoneDecisionVoteForm(_FromSource, DecisionVoteForm):
    def __init__(self, chosen: set[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].label = "The member’s vote"
        self._add_source(chosen)


class SignedSheetForm(GdsForm):
    sheet = forms.FileField(
        label="The signed sheet",
        help_text="A scan or a photo of the sheet the member signed: PDF, PNG or JPEG, up to 10 MB.",
        allow_empty_file=True,  # an empty file gets the service's plain message
        error_messages={
            "required": "Choose the scan or photo of the signed sheet",
            "missing": "Choose the scan or photo of the signed sheet",
            "invalid": "The file did not arrive. Choose it again.",
        },
    )
