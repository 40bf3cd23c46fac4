"""The Time to Shine demo: a programme; "New projects 2018" with agreed criteria, now at
shortlisting; "Connecting communities 2019", open for applications; and "Small grants 2019",
whose criteria group is still talking. Rows are built directly (no
emails); `seed_demo` calls `build_rounds` once the demo people exist."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from guardian.shortcuts import assign_perm

from commissioning.audit import Verb
from commissioning.models import (
    CriteriaGroupMember,
    Criterion,
    CriterionComment,
    CriterionResponse,
    FundingRound,
    Programme,
    Question,
    Stage,
    Strand,
    User,
)
from commissioning.permissions import CRITERIA_GRANT
from commissioning.services import record_event

# Other apps add their part of the demo here (in AppConfig.ready), so seed_demo stays in the
# core app without importing them. Each builder takes the command's stdout and returns nothing.
_builders: list[Callable] = []


def register(builder: Callable) -> None:
    if builder not in _builders:
        _builders.append(builder)


def run_registered_builders(write) -> None:
    for builder in _builders:
        builder(write)


SCALE = ("Not shown at all", "Weak", "Adequate", "Good", "Excellent, with evidence")

NEW_PROJECTS_CRITERIA = [
    {
        "title": "Works with older people in Leeds",
        "kind": Criterion.Kind.MUST_HAVE,
        "weight": 1,
        "description": "The project is for people aged 50 and over who live in Leeds.",
        "what_good_looks_like": "Everyone the project is for is 50 or over and lives in Leeds.",
        "questions": [("Who is your project for, and where do they live?", "Tell us the ages and the areas.", 150)],
    },
    {
        "title": "Reaches older people who are lonely or isolated",
        "weight": 3,
        "description": "The project finds older people who are lonely or cut off, not only those who already go out.",
        "what_good_looks_like": "A clear plan to find people who are alone at home, with partners such as GPs "
        "and housing officers who meet them.",
        "descriptors": (
            "No plan to reach lonely people",
            "Hopes people will come",
            "Some ways to reach people, mostly through existing groups",
            "A clear plan with partners who meet lonely people",
            "A clear plan, partners, and proof it has worked before",
        ),
        "questions": [
            ("How will you find older people who are lonely or isolated?", "Tell us who you will reach and how.", 300),
            ("How will people hear about the project if they do not use the internet?", "", 200),
        ],
    },
    {
        "title": "Older people are involved in running it",
        "weight": 2,
        "description": "Older people help to plan, run and change the project. It is done with them, not to them.",
        "what_good_looks_like": "Older people sit on the steering group, lead sessions and decide what happens next.",
        "descriptors": (
            "Older people are not involved",
            "Older people are asked their views once",
            "Older people give regular feedback",
            "Older people help to plan and run it",
            "Older people lead it, with support",
        ),
        "questions": [("How will older people help to plan and run your project?", "", 300)],
    },
    {
        "title": "Reaches communities not yet reached",
        "weight": 2,
        "description": "The project reaches people that other projects miss: for example carers, people from "
        "minority ethnic communities, LGBT+ older people, or people in areas with few services.",
        "what_good_looks_like": "The project names the communities it will reach and is trusted by them.",
        "descriptors": (
            "Does not say who",
            "Names a community but no link to it",
            "Some links to the community",
            "Trusted links and a plan",
            "Led by people from the community",
        ),
        "questions": [("Which communities will you reach that others do not?", "", 250)],
    },
    {
        "title": "Good value for money",
        "weight": 1,
        "description": "The money asked for is fair for what the project will do and how many people it helps.",
        "what_good_looks_like": "A clear budget where every cost is explained and nothing is wasted.",
        "descriptors": (
            "No budget",
            "A budget that is hard to follow",
            "A fair budget with gaps",
            "A clear, fair budget",
            "A clear budget that also brings in other money or volunteers",
        ),
        "questions": [("What will the money pay for?", "List the main costs. You can attach a budget.", 250)],
    },
    {
        "title": "Will last beyond the grant",
        "weight": 1,
        "description": "What the project starts carries on when the grant ends.",
        "what_good_looks_like": "A plan for friendships, groups or services to carry on, with or without new money.",
        "descriptors": (
            "Stops when the money stops",
            "A hope to find more money",
            "Some plans to carry on",
            "A clear plan to carry on",
            "A clear plan, already started",
        ),
        "questions": [("What will carry on after the grant ends?", "", 200)],
    },
]

# The 2018 round's money, shared between three strands agreed with the criteria (£100,000 kept
# in reserve): each a kind of project, its share and the number of projects it expects to fund.
NEW_PROJECTS_STRANDS = [
    {
        "title": "Connecting people",
        "kind": Criterion.Kind.STRAND,
        "description": "Groups, clubs and befriending that bring older people together and make friends.",
        "what_good_looks_like": "People who were alone now meet others every week.",
        "strand": (Decimal("700000"), 5),
    },
    {
        "title": "Staying active",
        "kind": Criterion.Kind.STRAND,
        "description": "Walking, dancing, gardening and other ways to stay active with other people.",
        "what_good_looks_like": "People who had stopped going out are active again, with company.",
        "strand": (Decimal("500000"), 3),
    },
    {
        "title": "Reaching isolated men",
        "kind": Criterion.Kind.STRAND,
        "description": "Projects that reach older men who live alone and rarely join groups.",
        "what_good_looks_like": "Men help to run it, and men who never came to anything now do.",
        "strand": (Decimal("400000"), 3),
    },
]

SMALL_GRANTS_CRITERIA = [
    {
        "title": "Helps people stay warm and well in winter",
        "weight": 2,
        "description": "The project helps older people keep warm, eat well and stay in touch through the winter.",
        "what_good_looks_like": "Regular contact with people at risk in cold weather.",
        "descriptors": SCALE,
        "answers": "agreed",
    },
    {
        "title": "Gets people out of the house",
        "weight": 2,
        "description": "The project offers trips, walks or groups that bring people out of their homes.",
        "what_good_looks_like": "Transport is offered for people who cannot get there alone.",
        "descriptors": SCALE,
        "answers": "discussing",
    },
    {
        "title": "Uses digital technology",
        "weight": 1,
        "description": "The project uses tablets or video calls to keep people in touch.",
        "what_good_looks_like": "People are helped to use the technology, not left alone with it.",
        "descriptors": SCALE,
        "answers": "objection",
    },
]


def _criteria_group(funding_round, members, staff):
    for member in members:
        CriteriaGroupMember.objects.get_or_create(
            funding_round=funding_round, user=member, defaults={"invited_by": staff}
        )
        assign_perm(CRITERIA_GRANT, member, funding_round)


def _timeline(funding_round, first_day, weeks):
    day = first_day
    for kind, length in zip(Stage.Kind, weeks, strict=True):
        Stage.objects.create(
            funding_round=funding_round,
            kind=kind,
            starts_on=day,
            ends_on=day + timedelta(weeks=length) - timedelta(days=1),
        )
        day += timedelta(weeks=length, days=7)


def build_rounds(*, staff: User, criteria_members: list[User]) -> int:
    """Create the demo rounds when they are missing. Returns how many rounds were added."""
    programme, _ = Programme.objects.get_or_create(
        name="Time to Shine",
        defaults={
            "funder_name": "The National Lottery Community Fund",
            "funder_rules": "National Lottery money for projects that reduce loneliness and social isolation "
            "among people aged 50 and over in Leeds.",
            "accountability_note": "Every decision is recorded with its reasons, and staff do not vote.",
            "funder_org_id": "GB-GOR-PB188",
            "grant_id_prefix": "360G-tts",
            "contact_name": f"{staff.full_name} at Time to Shine",
            "contact_phone": "0113 496 0123",
            "contact_email": staff.email,
            "contact_hours": "Monday to Friday, 9:30am to 4:30pm",
        },
    )
    added = 0
    today = timezone.localdate()
    if not FundingRound.objects.filter(slug="new-projects-2018").exists():
        added += 1
        funding_round = FundingRound.objects.create(
            programme=programme,
            title="New projects 2018",
            slug="new-projects-2018",
            summary="Time to Shine has £1,700,000 for about 11 projects that help older people in Leeds feel less "
            "lonely. Older people agreed what a good project looks like. Panels of older volunteers will read "
            "the applications, meet the groups and decide who gets the money.",
            budget=Decimal("1700000"),
            minimum_grant=Decimal("50000"),
            maximum_grant=Decimal("200000"),
            status=FundingRound.Status.CRITERIA,
            minutes_per_application=90,
            criteria_quorum=6,
            recovery_gap_days=7,
        )
        # Criteria were agreed about four months ago; applications closed five weeks ago, were
        # checked, and the panels have been shortlisting for a week (three more weeks to go).
        _timeline(funding_round, today - timedelta(weeks=18), [3, 9, 2, 4, 3, 2, 3])
        _agree_criteria(
            funding_round,
            NEW_PROJECTS_CRITERIA + NEW_PROJECTS_STRANDS,
            criteria_members,
            staff=staff,
            agreed_on=timezone.now() - timedelta(weeks=15, days=2),
            concern=(5, 3, "Small groups cost more per person. Let us not punish them."),
        )
        _advance(funding_round, staff, FundingRound.Status.SHORTLISTING)

    if not FundingRound.objects.filter(slug="connecting-communities-2019").exists():
        added += 1
        funding_round = FundingRound.objects.create(
            programme=programme,
            title="Connecting communities 2019",
            slug="connecting-communities-2019",
            summary="Grants of £5,000 to £30,000 for groups that bring older people together across Leeds. "
            "Older people agreed what a good project looks like. Applications are open now.",
            budget=Decimal("300000"),
            minimum_grant=Decimal("5000"),
            maximum_grant=Decimal("30000"),
            status=FundingRound.Status.CRITERIA,
            minutes_per_application=45,
            criteria_quorum=6,
            recovery_gap_days=7,
        )
        # Criteria agreed five weeks ago; applications open for four more weeks.
        _timeline(funding_round, today - timedelta(weeks=8), [3, 8, 2, 3, 2, 2, 2])
        _agree_criteria(
            funding_round,
            NEW_PROJECTS_CRITERIA[:3],
            criteria_members,
            staff=staff,
            agreed_on=timezone.now() - timedelta(weeks=5, days=2),
        )
        _advance(funding_round, staff, FundingRound.Status.OPEN)

    if not FundingRound.objects.filter(slug="small-grants-2019").exists():
        added += 1
        funding_round = FundingRound.objects.create(
            programme=programme,
            title="Small grants 2019",
            slug="small-grants-2019",
            summary="Grants of £2,000 to £10,000 for small groups that help older people through the winter.",
            budget=Decimal("150000"),
            minimum_grant=Decimal("2000"),
            maximum_grant=Decimal("10000"),
            status=FundingRound.Status.CRITERIA,
            minutes_per_application=30,
            criteria_quorum=5,
            recovery_gap_days=7,
        )
        _timeline(funding_round, today - timedelta(weeks=1), [4, 6, 1, 3, 2, 2, 2])
        _criteria_group(funding_round, criteria_members, staff)
        for position, spec in enumerate(SMALL_GRANTS_CRITERIA, 1):
            criterion = _criterion(funding_round, spec, position, criteria_members[position])
            answering = {
                "agreed": criteria_members[:6],
                "discussing": criteria_members[:2],
                "objection": criteria_members[:5],
            }
            for offset, member in enumerate(answering[spec["answers"]]):
                answer, comment = CriterionResponse.Answer.AGREE, ""
                if spec["answers"] == "objection" and offset == 1:
                    answer = CriterionResponse.Answer.OBJECT
                    comment = "Many of us do not use tablets. This would shut out the people who most need help."
                CriterionResponse.objects.create(criterion=criterion, member=member, answer=answer, comment=comment)
            if spec["answers"] == "agreed":
                criterion.status, criterion.agreed_at = Criterion.Status.AGREED, timezone.now() - timedelta(days=2)
                criterion.save()
            if spec["answers"] == "objection":
                CriterionComment.objects.create(
                    criterion=criterion,
                    author=criteria_members[4],
                    body="Could we say 'uses technology where people want it'? Then nobody is left out.",
                )
                CriterionComment.objects.create(
                    criterion=criterion,
                    author=staff,
                    is_facilitation=True,
                    body="A reminder that the group can change the wording. The proposer decides on new wording.",
                )
    return added


def _agree_criteria(funding_round, specs, criteria_members, *, staff, agreed_on, concern=None):
    """The criteria group agreed every criterion (one member with a concern, if given as
    (criterion position, member offset, comment)); each criterion brings its questions."""
    _criteria_group(funding_round, criteria_members, staff)
    for position, spec in enumerate(specs, 1):
        criterion = _criterion(funding_round, spec, position, criteria_members[position % len(criteria_members)])
        for offset, member in enumerate(criteria_members):
            answer, comment = CriterionResponse.Answer.AGREE, ""
            if concern and (position, offset) == concern[:2]:
                answer, comment = CriterionResponse.Answer.CONCERN, concern[2]
            CriterionResponse.objects.create(
                criterion=criterion,
                member=member,
                answer=answer,
                comment=comment,
                responded_at=agreed_on - timedelta(days=3, hours=offset),
            )
        criterion.status, criterion.agreed_at = Criterion.Status.AGREED, agreed_on - timedelta(hours=position)
        criterion.save()
        for text, help_text, limit in spec.get("questions", []):
            Question.objects.create(
                funding_round=funding_round,
                criterion=criterion,
                text=text,
                help_text=help_text,
                word_limit=limit,
                position=Question.objects.filter(funding_round=funding_round).count() + 1,
            )


def _advance(funding_round, staff, to_status):
    """Move a demo round on from its criteria stage to `to_status`, logging each move as staff would."""
    status = FundingRound.Status.CRITERIA
    while status != to_status:
        following = FundingRound.NEXT_STATUS[status]
        FundingRound.objects.filter(pk=funding_round.pk).update(status=following)
        record_event(
            actor=staff,
            verb=Verb.ROUND_ADVANCED,
            target=funding_round,
            data={"from": str(status), "to": str(following)},
        )
        status = following


def _criterion(funding_round, spec, position, proposer):
    """A criterion from its spec; a strand's spec ("strand": (share, target)) brings its money too."""
    descriptors = spec.get("descriptors", ("",) * 5)
    criterion = Criterion.objects.create(
        funding_round=funding_round,
        title=spec["title"],
        description=spec["description"],
        what_good_looks_like=spec["what_good_looks_like"],
        kind=spec.get("kind", Criterion.Kind.SCORED),
        weight=spec.get("weight", 1),
        proposer=proposer,
        position=position,
        **{f"descriptor_{point}": text for point, text in enumerate(descriptors)},
    )
    if "strand" in spec:
        share, target = spec["strand"]
        Strand.objects.create(
            funding_round=funding_round, proposal=criterion, budget_share=share, expected_projects=target
        )
    return criterion
