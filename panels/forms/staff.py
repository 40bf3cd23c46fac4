"""Forms for staff setting up panels: a new panel, an invitation, applications to assign.

They check the shape of what was typed; the services check the policy, save and log.
"""

from django import forms

from applications.models import Application
from commissioning.forms import GdsForm, gds_helper
from commissioning.models import Strand
from panels.models import Adjustment, Panel, PanelMembership


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

    def __init__(self, *args, strands=(), **kwargs):
        super().__init__(*args, **kwargs)
        # In a round shared between strands (its agreed `strands`), a panel may be given one
        # strand's applications.
        if strands:
            self.fields["strand"] = forms.ModelChoiceField(
                queryset=Strand.objects.filter(pk__in=[strand.pk for strand in strands]),
                label="Which strand does this panel decide on?",
                help_text="Choose a strand to give this panel that strand's applications, or any strand.",
                required=False,
                empty_label="Any strand",
                blank=True,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of this round's strands, or any strand"},
            )
            self.fields["strand"].label_from_instance = lambda strand: strand.title
        self.helper = gds_helper(self)

    def clean_name(self):
        # Stored as services.create_panel stores it, so the check sees the same name.
        name = " ".join(self.cleaned_data["name"].split())
        taken = Panel.objects.filter(funding_round_id=self.instance.funding_round_id, name__iexact=name)
        if name and taken.exists():
            raise forms.ValidationError(f"This round already has a panel called ‘{name}’. Choose another name.")
        return name


class MemberInviteForm(GdsForm):
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


def _members(panel: Panel):
    """The panel's members who have not said no, by name."""
    return (
        panel.memberships.exclude(status=PanelMembership.Status.DECLINED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user.full_name} ({membership.user.email})"


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, application):
        return f"{application.organisation.name} ({application.reference})"


class KnownConflictForm(forms.Form):
    """A conflict staff know of: a member of this panel, one of its applications, and what it is.
    Only this panel's members and applications are offered; any other is a wrong choice."""

    membership = MemberChoiceField(
        label="Member",
        queryset=PanelMembership.objects.none(),
        empty_label="Choose a member",
        error_messages={
            "required": "Choose the member who has the conflict",
            "invalid_choice": "Choose a member of this panel",
        },
    )
    application = ApplicationChoiceField(
        label="Organisation",
        queryset=Application.objects.none(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation the conflict is with",
            "invalid_choice": "Choose an organisation whose application is with this panel",
        },
    )
    nature = forms.CharField(
        label="What is the conflict?",
        help_text=(
            "For example: “a trustee of the organisation” or “her son runs it”. "
            "The member will not take part in its decision."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say what the conflict is",
            "max_length": "Say what the conflict is in 1,000 characters or fewer",
        },
    )

    def __init__(self, panel: Panel, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members(panel)
        self.fields["application"].queryset = (
            Application.objects.filter(panel_assignment__panel=panel)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        )
        self.helper = gds_helper(self)

    def clean_nature(self):
        nature = self.cleaned_data["nature"].strip()
        if not nature:
            raise forms.ValidationError("Say what the conflict is")
        return nature


# What staff need to write down for each kind of support, when it needs words.
DETAILS_NEEDED = {
    Adjustment.Kind.NAMED_CONTACT: "Give the name and phone number of the person to call",
    Adjustment.Kind.OTHER: "Say what support is arranged",
}


class AdjustmentForm(forms.Form):
    """A reasonable adjustment for one member: seen by the member and staff facilitators only."""

    membership = MemberChoiceField(
        label="Member",
        queryset=PanelMembership.objects.none(),
        empty_label="Choose a member",
        error_messages={
            "required": "Choose the member the support is for",
            "invalid_choice": "Choose a member of this panel",
        },
    )
    kind = forms.ChoiceField(
        label="What support is arranged?",
        choices=Adjustment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the support arranged",
            "invalid_choice": "Choose one of the kinds of support listed",
        },
    )
    details = forms.CharField(
        label="Details",
        help_text=(
            "For example: “posted to her home address a week before the meeting”, "
            "or the name and phone number of the person to call."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the details to 1,000 characters or fewer"},
    )

    def __init__(self, panel: Panel, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members(panel)
        self.helper = gds_helper(self)

    def clean(self):
        cleaned = super().clean()
        needed = DETAILS_NEEDED.get(cleaned.get("kind"))
        if needed and not (cleaned.get("details") or "").strip():
            self.add_error("details", needed)
        return cleaned
