from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Answer, Application, Organisation, OrganisationMember
from applications.permissions import ORGANISATION_GRANT
from commissioning.models import FundingRound
from tests.commissioning.factories import FundingRoundFactory, UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Armley Friendship Group {n}")
    kind = Organisation.Kind.REGISTERED_CHARITY
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    address_line_1 = "12 Town Street"
    town = "Leeds"
    postcode = "LS12 3AB"
    main_contact = factory.SubFactory(UserFactory)


def join_organisation(user, organisation: Organisation) -> OrganisationMember:
    """Make `user` a member with the grant to act for the organisation, as the service does."""
    assign_perm(ORGANISATION_GRANT, user, organisation)
    return OrganisationMember.objects.get_or_create(organisation=organisation, user=user)[0]


def open_round(**fields) -> FundingRound:
    """A round open for applications now, with criteria, questions and a deadline in three weeks."""
    from tests.commissioning.factories import CriterionFactory, QuestionFactory, add_timeline

    funding_round = FundingRoundFactory(criteria=True, **fields)
    add_timeline(funding_round, first_day=timezone.localdate() - timedelta(days=40))
    must_have = CriterionFactory(
        funding_round=funding_round, must_have=True, agreed=True, title="Works with older people in Leeds"
    )
    scored = CriterionFactory(funding_round=funding_round, agreed=True, title="Reaches lonely older people")
    QuestionFactory(funding_round=funding_round, criterion=must_have, text="Who is your project for?", word_limit=100)
    QuestionFactory(funding_round=funding_round, criterion=scored, text="How will you find lonely people?")
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    funding_round.refresh_from_db()
    return funding_round


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; the `submitted` trait gives it a reference as the service would."""

    class Meta:
        model = Application

    funding_round = factory.LazyFunction(open_round)
    organisation = factory.SubFactory(OrganisationFactory)
    project_title = "Tea, talk and a lift there"
    amount_requested = Decimal("75000")
    created_by = factory.SelfAttribute("organisation.main_contact")

    class Params:
        submitted = factory.Trait(
            status=Application.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            reference=factory.Sequence(lambda n: f"TTS-2018-{n + 1:04d}"),
        )


def answer_everything(
    application: Application, text: str = "We will visit people at home and bring them along."
) -> None:
    for question in application.funding_round.questions.all():
        Answer.objects.update_or_create(application=application, question=question, defaults={"text": text})
