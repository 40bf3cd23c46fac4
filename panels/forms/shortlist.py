"""The shortlist vote: include an application on the shortlist, or not. The form checks only
the choice; the service checks the policy (a seat, no conflict, the stage) and counts."""

from django import forms

from commissioning.forms import gds_helper
from panels.models import Vote


class ShortlistVoteForm(forms.Form):
    choice = forms.ChoiceField(
        label="Your vote",
        choices=[
            (Vote.Choice.INCLUDE.value, "Include on the shortlist"),
            (Vote.Choice.EXCLUDE.value, "Do not include"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose include on the shortlist or do not include",
            "invalid_choice": "Choose include on the shortlist or do not include",
        },
    )

    def __init__(self, *args, organisation: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if organisation:
            self.fields["choice"].label = f"Your vote on {organisation}"
        self.helper = gds_helper(self)

    @property
    def include(self) -> bool:
        return self.cleaned_data["choice"] == Vote.Choice.INCLUDE
