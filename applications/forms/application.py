"""Forms for an application's screens: the project, a section's answers and the declaration.

They are plain forms, as the criteria group's are: `services.save_draft` and
`services.submit_application` check the round's rules (word limits, the smallest and
largest grant, the deadline), so a form only checks the shape of what was typed. Every
field is optional in a draft: people save half-finished work and come back later.
"""

from decimal import Decimal, InvalidOperation

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.template.defaultfilters import pluralize
from django.utils.html import escape

from applications.models import Application
from commissioning.forms import gds_helper
from commissioning.forms.criteria import RADIOS_TEMPLATE
from commissioning.models import Strand
from commissioning.templatetags.money import money

MONEY_TEMPLATE = "applications/application/includes/money_field.html"
VERSION_ERROR = (
    "This page was opened in an unusual way, so nothing was saved. "
    "Copy anything you typed, open the page again and paste it back."
)


class AmountField(forms.CharField):
    """Whole pounds, typed as people write them: "75000", "75,000" or "£75,000"."""

    default_error_messages = {
        "invalid": "Enter the amount in numbers, like 75,000",
        "pennies": "Enter the amount in whole pounds, like 75,000",
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            amount = Decimal(text.replace(",", "").replace("£", "").replace(" ", ""))
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount != amount.to_integral_value():
            raise forms.ValidationError(self.error_messages["pennies"], code="pennies")
        # Negative, zero, too small or too large: the round's rules, checked by the service.
        return amount.quantize(Decimal(1))


def _version_field() -> forms.IntegerField:
    # The version of the draft the person started from: a save based on an older one is set aside.
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": VERSION_ERROR, "invalid": VERSION_ERROR, "min_value": VERSION_ERROR},
    )


def _helper(form):
    helper = gds_helper(form)
    helper.disable_csrf = True  # the template's <form> has its own {% csrf_token %}
    return helper


def _pounds(amount) -> str:
    return "" if amount is None else f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


class ProjectForm(forms.Form):
    project_title = forms.CharField(
        label="Project title",
        help_text="A short name for your project, like “Tea, talk and a lift there”.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The project title must be 200 characters or fewer"},
    )
    amount_requested = AmountField(
        label="How much money are you asking for?",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
    )
    version = _version_field()

    def __init__(self, *args, funding_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_requested"].help_text = (
            f"In whole pounds. This round gives grants from {money(funding_round.minimum_grant)} "
            f"to {money(funding_round.maximum_grant)}."
        )
        # A round whose money is shared between strands asks which one the project fits.
        self.strands = {strand.pk: strand for strand in Strand.objects.filter(funding_round=funding_round).agreed()}
        strand_field = []
        if self.strands:
            self.fields["strand"] = forms.TypedChoiceField(
                label="Which strand does your project fit?",
                help_text="Each strand has its own share of the money. You can change this until you send "
                "your application.",
                choices=[
                    Choice(
                        pk,
                        strand.title,
                        hint=f"{strand.description} {money(strand.budget_share)} for about "
                        f"{strand.expected_projects} project{pluralize(strand.expected_projects)}.",
                    )
                    for pk, strand in self.strands.items()
                ],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of this round's strands"},
            )
            strand_field = [
                Field("strand", template=RADIOS_TEMPLATE, context={"legend_size": Size.for_legend(Size.MEDIUM)})
            ]
        self.helper = _helper(self)
        self.helper.layout = Layout(
            Field.text("project_title", label_size=Size.MEDIUM),
            Field("amount_requested", template=MONEY_TEMPLATE, context={"label_size": Size.for_label(Size.MEDIUM)}),
            *strand_field,
            Field("version"),
        )

    @classmethod
    def for_application(cls, application: Application, data=None) -> "ProjectForm":
        initial = {
            "project_title": application.project_title,
            "amount_requested": _pounds(application.amount_requested),
            "strand": application.strand_id,
            "version": application.version,
        }
        return cls(data, initial=initial, funding_round=application.funding_round)

    def project_fields(self) -> dict:
        """What `services.save_draft` takes, from the cleaned form."""
        fields = {
            "project_title": self.cleaned_data["project_title"].strip(),
            "amount_requested": self.cleaned_data["amount_requested"],
        }
        if self.strands:
            fields["strand"] = self.strands.get(self.cleaned_data.get("strand"))
        return fields


def question_field_name(question) -> str:
    # The same name the service uses for its errors ("question_<id>").
    return f"question_{question.pk}"


# Generous: English words average about six letters with their space.
LETTERS_PER_WORD_AT_MOST = 20


class Textarea(forms.Textarea):
    """A box with a live word count, whose count (`<id>-info`) always describes it.

    crispy-forms-gds reads `aria-describedby` without a default (a KeyError when there is no
    hint to have set it first, so it starts empty here), and on an error with no hint it
    starts the list again with the error alone, dropping the count. This puts the count back.
    The class keeps the name `Textarea`: crispy-forms-gds chooses the error styling by it."""

    def __init__(self, attrs=None):
        super().__init__({"aria-describedby": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        described = widget_attrs.get("aria-describedby", "").split()
        info = f"{widget_attrs.get('id')}-info"
        if widget_attrs.get("id") and info not in described:
            described.append(info)
        widget_attrs["aria-describedby"] = " ".join(described)
        return context


class SectionForm(forms.Form):
    """The questions serving one criterion, each a box with a live word count."""

    version = _version_field()

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        layout = []
        for question in self.questions:
            name = question_field_name(question)
            self.fields[name] = forms.CharField(
                # The GOV.UK way: say which questions may be left, not which must be answered.
                label=question.text if question.is_required else f"{question.text} (optional)",
                # crispy-forms-gds prints help text as HTML: staff typed this, so escape it.
                help_text=escape(question.help_text),
                required=False,
                strip=False,
                # Far more than the words allowed (a paste gone wrong) is refused here, on the
                # field, rather than stored; within this, the word count says how far over it is.
                max_length=question.word_limit * LETTERS_PER_WORD_AT_MOST,
                error_messages={
                    "max_length": f"This answer is far longer than the {question.word_limit:,} "
                    f"word{pluralize(question.word_limit)} "
                    "the question allows: shorten it, then save it"
                },
                widget=Textarea(),
            )
            layout.append(
                Field.textarea(name, rows=8, max_words=question.word_limit, label_size=Size.MEDIUM, label_tag="h2")
            )
        self.helper = _helper(self)
        self.helper.layout = Layout(*layout, Field("version"))

    @classmethod
    def for_section(cls, section, version: int, data=None) -> "SectionForm":
        initial = {"version": version}
        initial.update({question_field_name(question): text for question, text in section.items})
        return cls(data, initial=initial, questions=section.questions)

    def answers(self) -> dict[int, str]:
        """What `services.save_draft` takes: each question's id and the text typed."""
        return {question.pk: self.cleaned_data[question_field_name(question)] for question in self.questions}


class DeclarationForm(forms.Form):
    # Not required here: the service refuses an unticked box with its own words, shown on this field.
    declaration = forms.BooleanField(
        label="I confirm the information in this application is true and complete",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self)
