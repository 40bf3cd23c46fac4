from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from guardian.shortcuts import assign_perm

from commissioning.models import (
    CriteriaGroupMember,
    Criterion,
    FundingRound,
    Programme,
    Question,
    Stage,
    Strand,
    User,
)
from commissioning.permissions import CRITERIA_GRANT

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        facilitator = factory.Trait(role=User.Role.FACILITATOR)
        administrator = factory.Trait(role=User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = "Time to Shine"
    funder_name = "The National Lottery Community Fund"
    funder_rules = "Grants must reduce loneliness and isolation among people aged 50 and over in Leeds."
    funder_org_id = "GB-GOR-PB188"
    grant_id_prefix = "360G-tts"


class FundingRoundFactory(factory.django.DjangoModelFactory):
    """A round in draft; traits `criteria` and `open` move it on (rows only, no gates)."""

    class Meta:
        model = FundingRound

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"New projects {2018 + n}")
    slug = factory.Sequence(lambda n: f"new-projects-{2018 + n}")
    summary = "Money for projects that help older people in Leeds feel less lonely."
    budget = Decimal("1700000")
    minimum_grant = Decimal("50000")
    maximum_grant = Decimal("200000")
    minutes_per_application = 90
    criteria_quorum = 3
    recovery_gap_days = 7

    class Params:
        criteria = factory.Trait(status=FundingRound.Status.CRITERIA)
        open = factory.Trait(status=FundingRound.Status.OPEN)


def add_timeline(funding_round: FundingRound, first_day: date = date(2018, 1, 8)) -> list[Stage]:
    """Every stage, four weeks each with a week's rest between: a timeline that passes the gates."""
    stages = []
    day = first_day
    for kind in Stage.Kind:
        stages.append(
            Stage.objects.create(funding_round=funding_round, kind=kind, starts_on=day, ends_on=day + timedelta(27))
        )
        day += timedelta(35)
    return stages


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    funding_round = factory.SubFactory(FundingRoundFactory, criteria=True)
    title = factory.Sequence(lambda n: f"Reaches lonely older people ({n})")
    description = "The project finds and welcomes older people who are lonely or cut off."
    what_good_looks_like = "A clear plan to reach people who do not go to groups already."
    kind = Criterion.Kind.SCORED
    weight = 2
    descriptor_0 = "No plan to reach lonely people"
    descriptor_1 = "A vague idea"
    descriptor_2 = "Some plan"
    descriptor_3 = "A good plan"
    descriptor_4 = "A strong plan, already tested"
    proposer = factory.SubFactory(UserFactory)
    position = factory.Sequence(lambda n: n)

    class Params:
        agreed = factory.Trait(status=Criterion.Status.AGREED, agreed_at=factory.LazyFunction(timezone.now))
        must_have = factory.Trait(kind=Criterion.Kind.MUST_HAVE, weight=1)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    funding_round = factory.LazyAttribute(lambda question: question.criterion.funding_round)
    criterion = factory.SubFactory(CriterionFactory)
    text = "How will your project find older people who are lonely?"
    help_text = "Tell us who you will reach and how."
    word_limit = 300
    position = factory.Sequence(lambda n: n)


def join_criteria_group(user: User, funding_round: FundingRound) -> CriteriaGroupMember:
    """Put `user` in the round's criteria group with its grant, as the service does (no email, no log)."""
    assign_perm(CRITERIA_GRANT, user, funding_round)
    return CriteriaGroupMember.objects.create(funding_round=funding_round, user=user)


def add_strand(
    funding_round: FundingRound, title: str, share, expected_projects: int = 2, *, agreed: bool = True, proposer=None
) -> Strand:
    """A strand as the criteria group leaves it: its proposal (agreed, unless told otherwise) and
    its money. Rows written directly, so that a round past its criteria stage can have one (the
    models refuse changes once a round is open, as they should)."""
    proposer = proposer or UserFactory()
    last = funding_round.criteria.order_by("-position").values_list("position", flat=True).first() or 0
    (proposal,) = Criterion.objects.bulk_create(
        [
            Criterion(
                funding_round=funding_round,
                title=title,
                description=f"Projects for {title.lower()}.",
                what_good_looks_like="Led by older people.",
                kind=Criterion.Kind.STRAND,
                status=Criterion.Status.AGREED if agreed else Criterion.Status.PROPOSED,
                agreed_at=timezone.now() if agreed else None,
                proposer=proposer,
                position=last + 1,
            )
        ]
    )
    (strand,) = Strand.objects.bulk_create(
        [
            Strand(
                funding_round=funding_round,
                proposal=proposal,
                budget_share=Decimal(share),
                expected_projects=expected_projects,
            )
        ]
    )
    return Strand.objects.select_related("proposal").get(pk=strand.pk)
