"""Plain forms for a panel member's screens. They only check what was typed; the services
decide (a conflict needs its nature, a submission needs every criterion)."""

from django import forms

from commissioning.forms import GdsForm, gds_helper
from commissioning.models import Criterion

SCORE_ERROR = "Choose a score from 0 to 4"


class InvitationAnswerForm(GdsForm):
    answer = forms.ChoiceField(
        label="Will you join this panel?",
        choices=[("accept", "Yes, I will join this panel"), ("decline", "No, not this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you will join this panel"},
    )

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["answer"] == "accept"


class InterestForm(GdsForm):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this organisation?",
        choices=[("no", "No conflict"), ("yes", "I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a conflict of interest"},
    )
    nature = forms.CharField(
        label="What is the conflict?",
        help_text="For example: “I volunteer there”, “my sister runs it” or “I am a trustee”.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Say what the conflict is in 1,000 characters or fewer"},
    )


# A comment is a few sentences; a paste gone wrong (megabytes) is refused on its box, with the limit.
COMMENT_LIMIT = 5000


def _comment_too_long(what: str) -> str:
    return f"{what} must be {COMMENT_LIMIT:,} characters or fewer: shorten it, then save again"


class AssessmentForm(forms.Form):
    """A 0 to 4 choice and a comment for each scored criterion, and an overall comment.
    Every score may be left blank here: a draft can be partial, and the service says
    what is missing on submitting."""

    overall_comment = forms.CharField(
        label="Your overall comment",
        help_text="What stood out for you about this application, good or not so good.",
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _comment_too_long("Your overall comment")},
    )

    def __init__(self, criteria: list[Criterion], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.score_name(criterion)] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[(str(point), getattr(criterion, f"descriptor_{point}")) for point in Criterion.SCALE],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": SCORE_ERROR},
            )
            self.fields[self.comment_name(criterion)] = forms.CharField(
                label=f"Your comment on “{criterion.title}”",
                required=False,
                max_length=COMMENT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": _comment_too_long(f"Your comment on “{criterion.title}”")},
            )
        # The overall comment comes last on the page, so it comes last in the error summary too.
        self.fields["overall_comment"] = self.fields.pop("overall_comment")
        self.helper = gds_helper(self)

    @staticmethod
    def score_name(criterion) -> str:
        return f"score_{criterion.pk}"

    @staticmethod
    def comment_name(criterion) -> str:
        return f"comment_{criterion.pk}"

    @classmethod
    def initial_for(cls, assessment) -> dict:
        if assessment is None:
            return {}
        initial = {"overall_comment": assessment.overall_comment}
        for score in assessment.scores.all():
            initial[f"score_{score.criterion_id}"] = str(score.value)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial

    def rows(self):
        """(criterion, score field, comment field) for the template, in the round's order."""
        return [(c, self[self.score_name(c)], self[self.comment_name(c)]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data[self.score_name(c)], self.cleaned_data[self.comment_name(c)])
            for c in self.criteria
        }

    def mark_missing(self, titles: list[str]) -> None:
        for criterion in self.criteria:
            if criterion.title in titles:
                self.add_error(self.score_name(criterion), f"Choose a score for “{criterion.title}”")
