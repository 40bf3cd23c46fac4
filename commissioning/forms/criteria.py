"""Forms for the criteria group's screens.

They are plain forms, as `AccountForm` is: the services build, check and save the rows
(`propose_criterion`, `respond_to_criterion`, `suggest_wording`...), so a form only checks
the shape of what was typed and says in plain words what is missing.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms

from commissioning.forms import gds_helper
from commissioning.forms.staff import MONEY_TEMPLATE, PoundsField, whole_number
from commissioning.models import Criterion, CriterionResponse

# Radios rendered by our own template, so the error summary's link lands on the first radio.
RADIOS_TEMPLATE = "commissioning/criteria/includes/radios_field.html"


def radios(name: str, legend_size: str = Size.SMALL) -> Field:
    return Field(name, template=RADIOS_TEMPLATE, context={"legend_size": Size.for_legend(legend_size)})


def _text(value: str) -> str:
    return (value or "").strip()


class CriterionForm(forms.Form):
    """A criterion proposed by a member of the criteria group."""

    title = forms.CharField(
        label="Give the criterion a short name",
        help_text="For example: “Reaches people who are lonely”.",
        max_length=200,
        error_messages={
            "required": "Give the criterion a short name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What it means",
        help_text="Say in a few sentences what you want a project to do.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the criterion means"},
    )
    what_good_looks_like = forms.CharField(
        label="What good looks like",
        help_text="What would make you say “yes, this project does it well”?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what good looks like"},
    )
    kind = forms.ChoiceField(
        label="How should the panels use it?",
        choices=[
            Choice(
                Criterion.Kind.SCORED,
                "Give each application a score from 0 to 4",
                hint="The scores count towards which projects get the money.",
            ),
            Choice(
                Criterion.Kind.MUST_HAVE,
                "It is a must-have: met or not met",
                hint="An application that does not meet it cannot be funded.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the panels should use it"},
    )
    weight = forms.IntegerField(
        label="How much should it count?",
        help_text="A weight from 1 to 10. A criterion with weight 4 counts twice as much as one with weight 2.",
        required=False,
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a weight from 1 to 10",
            "min_value": "Enter a weight from 1 to 10",
            "max_value": "Enter a weight from 1 to 10",
        },
    )
    descriptor_0 = forms.CharField(label="A score of 0 means", max_length=300, required=False)
    descriptor_1 = forms.CharField(label="A score of 1 means", max_length=300, required=False)
    descriptor_2 = forms.CharField(label="A score of 2 means", max_length=300, required=False)
    descriptor_3 = forms.CharField(label="A score of 3 means", max_length=300, required=False)
    descriptor_4 = forms.CharField(label="A score of 4 means", max_length=300, required=False)

    def __init__(self, *args, strands=(), **kwargs):
        super().__init__(*args, **kwargs)
        # In a round whose money is shared between strands, a criterion may be for one of them.
        self.strands = {str(strand.pk): strand for strand in strands}
        if self.strands:
            self.fields["applies_to"] = forms.ChoiceField(
                label="Which strands is it for?",
                help_text="Most criteria are for every strand. Choose one if only that kind of project should meet it.",
                choices=[("", "Every strand"), *((pk, strand.title) for pk, strand in self.strands.items())],
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose every strand, or one of this round's strands"},
            )
        for point in Criterion.SCALE:
            self.fields[f"descriptor_{point}"].error_messages["max_length"] = (
                f"What a score of {point} means must be 300 characters or fewer"
            )
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("description", rows=4),
            Field.textarea("what_good_looks_like", rows=4),
            radios("kind", Size.MEDIUM),
            *([radios("applies_to", Size.MEDIUM)] if self.strands else []),
            Fieldset(
                HTML(
                    '<p class="govuk-hint">Leave these empty for a must-have criterion. '
                    "For a scored one, fill in every box so that everyone scores alike.</p>"
                ),
                Field.text("weight", field_width=2),
                *(Field.text(f"descriptor_{point}") for point in Criterion.SCALE),
                legend="If it is scored: its weight and what each score means",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Criterion.Kind.MUST_HAVE:
            # A must-have is met or not met: no weight, no scale.
            cleaned["weight"] = 1
            for point in Criterion.SCALE:
                cleaned[f"descriptor_{point}"] = ""
        elif cleaned.get("kind") == Criterion.Kind.SCORED:
            if cleaned.get("weight") is None and "weight" not in self.errors:
                self.add_error("weight", "Enter a weight from 1 to 10")
            for point in Criterion.SCALE:
                name = f"descriptor_{point}"
                if name not in self.errors and not _text(cleaned.get(name)):
                    self.add_error(name, f"Say what a score of {point} means")
        return cleaned

    def criterion_fields(self) -> dict:
        """What `services.propose_criterion` needs, from the cleaned form."""
        fields = ["title", "description", "what_good_looks_like", "kind", "weight"]
        fields += [f"descriptor_{point}" for point in Criterion.SCALE]
        chosen = {name: self.cleaned_data[name] for name in fields}
        if self.strands:
            chosen["applies_to"] = self.strands.get(self.cleaned_data.get("applies_to") or "")
        return chosen


class ResponseForm(forms.Form):
    """A member's answer to a criterion: agree, a concern or an objection, with a comment."""

    answer = forms.ChoiceField(
        label="What do you think of this criterion?",
        choices=[
            Choice(CriterionResponse.Answer.AGREE, "I agree"),
            Choice(
                CriterionResponse.Answer.CONCERN,
                "I have a concern",
                hint="You can accept it, but want the group to think about something.",
            ),
            Choice(
                CriterionResponse.Answer.OBJECT,
                "I object",
                hint="It should not be agreed as it is. An objection stops it being agreed until it is resolved.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose agree, concern or object",
            "invalid_choice": "Choose agree, concern or object",
        },
    )
    comment = forms.CharField(
        label="Your comment",
        help_text="If you object, say why. The whole group can read it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(radios("answer", Size.MEDIUM), Field.textarea("comment", rows=3))

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = _text(cleaned.get("comment"))
        if cleaned.get("answer") == CriterionResponse.Answer.OBJECT and not cleaned["comment"]:
            self.add_error("comment", "Tell the group why you object, so they can discuss it")
        return cleaned

    @classmethod
    def for_response(cls, response: CriterionResponse | None, data=None) -> "ResponseForm":
        """The form, filled in with the member's current answer when they have one."""
        initial = {"answer": response.answer, "comment": response.comment} if response else {}
        return cls(data, initial=initial)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add to the discussion",
        help_text="Everyone in the criteria group and the staff who support it can read it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your comment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(Field.textarea("body", rows=4))


class WordingSuggestionForm(forms.Form):
    """Clearer words offered by staff. Only the criterion's proposer can accept them."""

    title = forms.CharField(
        label="Short name",
        max_length=200,
        error_messages={
            "required": "Give the criterion a short name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what the criterion means"},
    )
    what_good_looks_like = forms.CharField(
        label="What good looks like",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what good looks like"},
    )
    reason = forms.CharField(
        label="Why this wording?",
        help_text="Tell the proposer what you changed and why. They decide whether to use it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tell the proposer why you suggest this wording"},
    )

    WORDING_FIELDS = ("title", "description", "what_good_looks_like")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("description", rows=5),
            Field.textarea("what_good_looks_like", rows=5),
            Field.textarea("reason", rows=3),
        )

    @classmethod
    def for_criterion(cls, criterion: Criterion, data=None) -> "WordingSuggestionForm":
        return cls(data, initial={name: getattr(criterion, name) for name in cls.WORDING_FIELDS})

    def clean(self):
        cleaned = super().clean()
        for name in (*self.WORDING_FIELDS, "reason"):
            if name in cleaned:
                cleaned[name] = _text(cleaned[name])
        return cleaned

    def texts(self) -> dict[str, str]:
        """The suggested words to check for plain English: what was typed, valid or not."""
        return {name: self[name].value() or "" for name in ("description", "what_good_looks_like")}


class WordingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Use the new wording"), ("decline", "Keep my wording")],
        error_messages={
            "required": "Choose whether to use the new wording",
            "invalid_choice": "Choose whether to use the new wording",
        },
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


class StrandForm(forms.Form):
    """A strand proposed by a member of the criteria group or by staff: a share of the money
    for one kind of project, and how many projects it expects to fund."""

    title = forms.CharField(
        label="Give the strand a short name",
        help_text="For example: “Reaching isolated men”.",
        max_length=200,
        error_messages={
            "required": "Give the strand a short name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What kind of project it is for",
        help_text="Say in a few sentences what projects in this strand do.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what kind of project the strand is for"},
    )
    what_good_looks_like = forms.CharField(
        label="What good looks like",
        help_text="What would make you say “yes, this is a good project for this strand”?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what good looks like"},
    )
    budget_share = PoundsField(
        label="Its share of the budget, in pounds",
        what="the strand's share",
        example="600,000",
        help_text="The shares of all the strands add up to the round's budget, or leave some in reserve.",
    )
    expected_projects = whole_number(
        label="How many projects should it fund?",
        help_text="Your target, for example 6. Panels see it while they decide.",
        required_message="Say how many projects the strand should fund",
        range_message="Enter a number of projects from 1 to 200, in figures",
        min_value=1,
        max_value=200,
        width=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("description", rows=4),
            Field.textarea("what_good_looks_like", rows=4),
            Field("budget_share", template=MONEY_TEMPLATE, css_class="govuk-input--width-10"),
            Field.text("expected_projects"),
        )

    def strand_fields(self) -> dict:
        """What `services.propose_strand` needs, from the cleaned form."""
        names = ["title", "description", "what_good_looks_like", "budget_share", "expected_projects"]
        return {name: self.cleaned_data[name] for name in names}
