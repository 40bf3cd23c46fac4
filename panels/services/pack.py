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
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.tasks import task
from django.utils import timezone
from django.utils.text import slugify

from applications.models import Answer, Application
from commissioning.models import Criterion, FundingRound, Stage, User
from commissioning.pdf import render_pdf
from commissioning.permissions import require
from commissioning.services import record_event
from commissioning.storage import delete_quietly
from panels.audit import Verb
from panels.models import Adjustment, PackBuild, PanelMembership, ShortlistOutcome
from panels.services import builds


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
    # The criteria its scoring sheet asks for: those for every strand, and its own strand's.
    scored_criteria: list = field(default_factory=list)


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
        panel.funding_round.criteria.not_strands()
        .filter(status=Criterion.Status.AGREED)
        .prefetch_related(Prefetch("questions", to_attr="ordered_questions"))
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
                if not question.is_asked_in(application.strand_id):
                    continue
                answer = answers.get((application.pk, question.pk)) or Answer(question=question, text="")
                answer.question = question
                section.answers.append(answer)
            if section.answers:
                sections.append(section)
        asked = [question for question in interview_questions if question.application_id in (None, application.pk)]
        scored = [criterion for criterion in criteria if criterion.is_scored_in(application.strand_id)]
        entries.append(PackEntry(application, sections, asked, scored))
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


# Asking for a pack, and building it --------------------------------------------------------

# How far a build has got (per cent) when each step starts.
GATHERING, LAYING_OUT = 5, 40


def progress_step(build: PackBuild) -> str:
    """What a build is doing now, in words."""
    if build.status == PackBuild.Status.QUEUED:
        return "Waiting for the pack builder to start"
    if build.progress < LAYING_OUT:
        return "Gathering the applications"
    return "Laying out the pages"


def request_pack(*, actor: User, membership: PanelMembership) -> PackBuild:
    """Ask for a new pack for `membership`: the member themself, or staff for them
    (`panels.view_pack`). While one is waiting or being built, asking again returns that one."""
    with transaction.atomic():
        membership = (
            PanelMembership.objects.select_for_update(of=("self",))
            .select_related("user", "panel")
            .get(pk=membership.pk)
        )
        require(actor, "panels.view_pack", membership)
        builds.give_up_stopped(membership.pack_builds.all())
        current = _current_build(membership)
        if current is not None:
            return current
        try:
            with transaction.atomic():
                build = PackBuild.objects.create(membership=membership, requested_by=actor)
        except IntegrityError:
            # Another request created the build a moment earlier.
            return _current_build(membership)
        record_event(
            actor=actor,
            verb=Verb.PANEL_PACK_REQUESTED,
            target=membership.panel,
            data={"member": membership.user.email, "pack": build.pk},
        )
    # After the commit, so that a worker in another process finds the build's row.
    build_panel_pack.enqueue(build.pk)
    build.refresh_from_db()
    return build


def _current_build(membership) -> PackBuild | None:
    return PackBuild.objects.filter(
        membership=membership, status__in=[PackBuild.Status.QUEUED, PackBuild.Status.BUILDING]
    ).first()


@task
def build_panel_pack(build_id: int) -> str:
    """The background task: build the pack and return its status."""
    return build_pack(build_id).status


def build_pack(build_id: int) -> PackBuild:
    """Build a waiting pack. One that is not waiting (another worker took it) is left alone."""
    return builds.run(
        PackBuild,
        build_id,
        write=_write_pdf,
        filename=lambda build: f"pack-{build.pk}.pdf",
        built=_replace_older_packs,
        first_progress=GATHERING,
        related=("membership__user", "membership__invited_by", "membership__panel__funding_round"),
    )


def _write_pdf(build: PackBuild) -> bytes:
    membership = build.membership
    pack = gather_pack(membership)
    funding_round = membership.panel.funding_round
    build.contents = {
        "applications": len(pack.entries),
        "declaration_sheets": len(pack.to_declare),
        "large_print": pack.large_print,
        "round_status": funding_round.status,
        "filename": pack.filename,
    }
    PackBuild.objects.filter(pk=build.pk).update(contents=build.contents, progress=LAYING_OUT)
    context = {
        "pack": pack,
        "panel": membership.panel,
        "funding_round": funding_round,
        "member": membership.user,
        "shortlisting": funding_round.stage(Stage.Kind.SHORTLISTING),
        "interviews": funding_round.stage(Stage.Kind.INTERVIEWS),
        "invited_by": membership.invited_by,
    }
    return render_pdf("panels/pack/panel_pack.html", context, title=pack.title, large_print=pack.large_print)


def _replace_older_packs(build: PackBuild, size: int) -> None:
    """A member's packs hold applications and personal notes: keep only the newest."""
    older = PackBuild.objects.filter(membership_id=build.membership_id, requested_at__lte=build.requested_at).exclude(
        pk=build.pk
    )
    older = older.exclude(status__in=[PackBuild.Status.QUEUED, PackBuild.Status.BUILDING])
    names = [name for name in older.values_list("file", flat=True) if name]
    older.delete()
    for name in names:
        transaction.on_commit(partial(delete_quietly, build.file.storage, name))


def record_download(*, actor: User, build: PackBuild) -> None:
    """Log who printed a pack (`PANEL_PACK_DOWNLOADED`), with what it held."""
    record_event(
        actor=actor,
        verb=Verb.PANEL_PACK_DOWNLOADED,
        target=build.membership.panel,
        data={
            "member": build.membership.user.email,
            "pack": build.pk,
            **{key: build.contents.get(key) for key in ("applications", "declaration_sheets", "large_print")},
        },
    )
