"""The panel pack: one member's applications and blank scoring sheets on paper.

What goes in follows the conflict rules (`panels.view_application`), read once for the whole
panel rather than once per application:

- an application the member declared *no conflict* on: its details, every answer grouped by
  criterion, and a blank scoring sheet;
- an application they have not declared on yet: a declaration sheet with the organisation's
  name only, because the details open only after declaring no conflict;
- an application they declared a conflict on: nothing at all.

At the interviews the pack holds the shortlisted applications only, each with its interview time,
the questions the panel will ask and an interview scoring sheet (scored like shortlisting).

Large print comes on by itself when staff recorded that adjustment for the member.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from applications.models import Answer, Application
from commissioning.models import Criterion, FundingRound, Stage, User
from commissioning.pdf import render_pdf
from commissioning.permissions import require
from commissioning.services import record_event
from panels.audit import Verb
from panels.models import Adjustment, PanelMembership, ShortlistOutcome


@dataclass
class CriterionAnswers:
    criterion: Criterion
    answers: list[Answer] = field(default_factory=list)


@dataclass
class PackEntry:
    application: Application
    sections: list[CriterionAnswers]
    # At the interviews: the questions the panel will ask this organisation (for all, then its own).
    interview_questions: list = field(default_factory=list)


@dataclass
class PanelPack:
    membership: PanelMembership
    entries: list[PackEntry]
    to_declare: list[Application]
    conflict_count: int
    scored_criteria: list[Criterion]
    large_print: bool
    named_contact: str
    printed_on: date
    # True at the interviews: the pack holds the shortlisted applications, each with its interview
    # time, the questions and an interview scoring sheet.
    for_interviews: bool = False

    @property
    def title(self) -> str:
        return f"Panel pack: {self.membership.panel.name}, {self.membership.user.full_name}"

    @property
    def filename(self) -> str:
        name = slugify(f"{self.membership.panel.name} pack {self.membership.user.full_name}")
        return f"{name or 'panel-pack'}.pdf"


def gather_pack(membership: PanelMembership) -> PanelPack:
    """Everything the pack shows, in a fixed number of queries however many applications there are.
    `membership` comes with its panel, round (stages prefetched) and user loaded."""
    panel = membership.panel
    for_interviews = panel.funding_round.status == FundingRound.Status.INTERVIEWS
    applications = Application.objects.filter(panel_assignment__panel=panel)
    if for_interviews:
        applications = applications.filter(shortlist_outcome__outcome=ShortlistOutcome.Outcome.INCLUDED)
    applications = list(
        applications.select_related("organisation", "interview_slot").order_by("organisation__name", "pk")
    )
    interview_questions = list(panel.interview_questions.all()) if for_interviews else []
    declarations = dict(membership.declarations.values_list("application_id", "has_conflict"))
    readable = [application for application in applications if declarations.get(application.pk) is False]
    to_declare = [application for application in applications if application.pk not in declarations]
    criteria = list(
        panel.funding_round.criteria.filter(status=Criterion.Status.AGREED).prefetch_related(
            Prefetch("questions", to_attr="ordered_questions")
        )
    )
    answers = {
        (answer.application_id, answer.question_id): answer
        for answer in Answer.objects.filter(application__in=[application.pk for application in readable])
    }
    entries = []
    for application in readable:
        sections = []
        for criterion in criteria:
            section = CriterionAnswers(criterion)
            for question in criterion.ordered_questions:
                answer = answers.get((application.pk, question.pk)) or Answer(question=question, text="")
                answer.question = question
                section.answers.append(answer)
            if section.answers:
                sections.append(section)
        asked = [question for question in interview_questions if question.application_id in (None, application.pk)]
        entries.append(PackEntry(application, sections, asked))
    adjustments = list(membership.adjustments.order_by("recorded_at", "pk"))
    named = [adjustment.details for adjustment in adjustments if adjustment.kind == Adjustment.Kind.NAMED_CONTACT]
    return PanelPack(
        membership=membership,
        entries=entries,
        to_declare=to_declare,
        conflict_count=sum(1 for has_conflict in declarations.values() if has_conflict),
        scored_criteria=[criterion for criterion in criteria if criterion.is_scored],
        large_print=any(adjustment.kind == Adjustment.Kind.LARGE_PRINT for adjustment in adjustments),
        named_contact=next((details for details in named if details), ""),
        printed_on=timezone.localdate(),
        for_interviews=for_interviews,
    )


def print_pack(*, actor: User, membership: PanelMembership) -> tuple[PanelPack, bytes]:
    """Build a member's pack as a PDF and log who printed it (`PANEL_PACK_DOWNLOADED`).

    Only the member themself, or staff printing for them, may (`panels.view_pack`)."""
    require(actor, "panels.view_pack", membership)
    pack = gather_pack(membership)
    funding_round = membership.panel.funding_round
    context = {
        "pack": pack,
        "panel": membership.panel,
        "funding_round": funding_round,
        "member": membership.user,
        "shortlisting": funding_round.stage(Stage.Kind.SHORTLISTING),
        "interviews": funding_round.stage(Stage.Kind.INTERVIEWS),
        "invited_by": membership.invited_by,
    }
    pdf = render_pdf("panels/pack/panel_pack.html", context, title=pack.title, large_print=pack.large_print)
    record_event(
        actor=actor,
        verb=Verb.PANEL_PACK_DOWNLOADED,
        target=membership.panel,
        data={
            "member": membership.user.email,
            "applications": len(pack.entries),
            "declaration_sheets": len(pack.to_declare),
            "large_print": pack.large_print,
        },
    )
    return pack, pdf
