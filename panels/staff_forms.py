"""Forms for staff setting up panels: a new panel, an invitation, applications to assign.

They check the shape of what was typed; the services check the policy, save and log.
"""

from django import forms

from applications.models import Application
from commissioning.forms import gds_helper

from .models import Panel


class PanelForm(forms.ModelForm):
    quorum = forms.IntegerField(
        label="Quorum",
        help_text="How many members who are not conflicted must take part in a decision.",
        min_value=1,
        max_value=50,
        initial=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the quorum, a whole number like 3",
            "invalid": "Enter the quorum as a whole number, like 3",
            "min_value": "The quorum must be at least 1",
            "max_value": "The quorum must be 50 or fewer",
        },
    )

    class Meta:
        model = Panel
        fields = ["name", "quorum"]
        labels = {"name": "Panel name"}
        error_messages = {
            "name": {
                "required": "Enter the panel's name",
                "max_length": "The name must be 100 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)

    def clean_name(self):
        # Stored as services.create_panel stores it, so the check sees the same name.
        name = " ".join(self.cleaned_data["name"].split())
        taken = Panel.objects.filter(funding_round_id=self.instance.funding_round_id, name__iexact=name)
        if name and taken.exists():
            raise forms.ValidationError(f"This round already has a panel called ‘{name}’. Choose another name.")
        return name


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The person must already have an account.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    is_chair = forms.BooleanField(label="They will chair the panel", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class AssignForm(forms.Form):
    """The ticked applications. Any application is accepted here; the service says plainly
    why one from another round, one not eligible or one already with a panel cannot go."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.all(),
        error_messages={
            "required": "Tick at least one application to give to this panel",
            "invalid_choice": "One of the ticked applications no longer exists. Reload the page and try again.",
            "invalid_pk_value": "One of the ticked applications is not recognised. Reload the page and try again.",
        },
    )
