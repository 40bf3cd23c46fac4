"""Forms for the staff eligibility check: the list's filters and the check itself.

Staff check facts here: each agreed must-have criterion is met or not, with a reason. They
never score. The check form takes what was typed as it is; `services.record_eligibility`
decides what is missing (a reason for a must-have not met, a reason for the applicant whenever
the application is not eligible, whether for a must-have, for being incomplete or for another
reason) so every error comes from one place and shows at once.
"""

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import Q
from django.utils.html import escape

from applications.models import Application, Criterion, EligibilityCheck
from commissioning.forms import gds_helper

RADIOS_TEMPLATE = "commissioning/staff/includes/radios_field.html"
MET, NOT_MET = "met", "not_met"


class EligibilityFilterForm(forms.Form):
    """The list's filters, sent by GET: a status and a search by organisation or reference."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All"), *((status.value, status.label) for status in Application.Status if status != "draft")],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    search = forms.CharField(
        label="Organisation or reference",
        required=False,
        max_length=100,
        help_text="For example “Armley” or “TTS-2018-0007”.",
        error_messages={"max_length": "Search for 100 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        # A GET form: no token, so none ends up in the address.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.select("status"), Field.text("search", field_width=20))

    def filter(self, applications):
        """`applications` narrowed to what was asked for; all of them when the filters are not valid."""
        if not self.is_valid():
            return applications
        if status := self.cleaned_data["status"]:
            applications = applications.filter(status=status)
        if search := self.cleaned_data["search"].strip():
            applications = applications.filter(Q(organisation__name__icontains=search) | Q(reference__icontains=search))
        return applications


class EligibilityForm(forms.Form):
    """For each agreed must-have criterion: met or not met, and a reason; then whether anything else
    stops the application going forward; then a reason for the applicant."""

    def __init__(
        self,
        *args,
        criteria: list[Criterion],
        checks: dict[int, EligibilityCheck] | None = None,
        reason: str = "",
        other_ground: str = "",
        **kwargs,
    ):
        checks = checks or {}
        initial = {"reason": reason, "other_ground": other_ground}
        for criterion_pk, check in checks.items():
            initial[f"criterion_{criterion_pk}"] = MET if check.is_met else NOT_MET
            initial[f"criterion_{criterion_pk}_reason"] = check.reason
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        sections = []
        for criterion in criteria:
            met, why = f"criterion_{criterion.pk}", f"criterion_{criterion.pk}_reason"
            # crispy-forms-gds marks labels and hints safe: what staff or the group typed is escaped here.
            self.fields[met] = forms.ChoiceField(
                label="Is it met?",
                help_text=escape(criterion.description),
                required=False,
                choices=[(MET, "Met"), (NOT_MET, "Not met")],
                widget=forms.RadioSelect,
            )
            self.fields[why] = forms.CharField(
                label="Reason",
                help_text="Required if it is not met. This is kept on the record for staff and the panel.",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            sections.append(
                Fieldset(
                    Field(met, template=RADIOS_TEMPLATE, context={"legend_size": Size.for_legend(Size.SMALL)}),
                    Field.textarea(why, rows=3),
                    legend=escape(criterion.title),
                    legend_size=Size.MEDIUM,
                )
            )
        # Not only the must-haves: an incomplete application, or another stated reason, is not
        # eligible either, even in a round whose criteria group agreed no must-have criterion.
        self.fields["other_ground"] = forms.ChoiceField(
            label="Does anything else stop it going forward?",
            help_text="For example, answers or files that are missing. Say why in the reason for the applicant.",
            required=False,
            choices=[("", "No"), *Application.OtherGround.choices],
            widget=forms.RadioSelect,
        )
        self.fields["reason"] = forms.CharField(
            label="Reason for the applicant",
            help_text=(
                "Required if the application is not eligible. We email this to the applicant, "
                "so write it plainly and kindly, as you would say it to them."
            ),
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
        self.helper = gds_helper(self)
        # The template owns the <form> and its {% csrf_token %}.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *sections,
            Field("other_ground", template=RADIOS_TEMPLATE, context={"legend_size": Size.for_legend(Size.MEDIUM)}),
            Field.textarea("reason", rows=5),
        )

    def findings(self) -> dict[int, tuple[bool, str]]:
        """What `services.record_eligibility` needs: met or not, with the reason, for each criterion answered."""
        findings = {}
        for criterion in self.criteria:
            answer = self.cleaned_data.get(f"criterion_{criterion.pk}")
            if answer:
                findings[criterion.pk] = (answer == MET, self.cleaned_data.get(f"criterion_{criterion.pk}_reason", ""))
        return findings
