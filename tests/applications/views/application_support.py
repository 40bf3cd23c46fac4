"""Shared set-up for the application screens' tests: a member's draft in an open round."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.db.models import F
from django.urls import reverse

from applications.models import Application
from commissioning.models import FundingRound, Question, Stage
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.commissioning.factories import CriterionFactory, QuestionFactory


def draft_of(user, **fields) -> Application:
    """A draft of a new organisation whose main contact and member is `user`."""
    organisation = OrganisationFactory(main_contact=user)
    join_organisation(user, organisation)
    return ApplicationFactory(organisation=organisation, created_by=user, updated_by=user, **fields)


def questions_of(application: Application) -> list[Question]:
    """The round's questions in the order the task list shows them: the must-have's first."""
    return list(application.funding_round.questions.order_by("criterion__position", "position"))


def add_questions(funding_round: FundingRound, count: int, criterion=None) -> list[Question]:
    """More questions for an open round (the round is unlocked for a moment, as staff would before it opened)."""
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
    criterion = criterion or CriterionFactory(funding_round=funding_round, agreed=True)
    questions = [
        QuestionFactory(funding_round=funding_round, criterion=criterion, text=f"Extra question {n}?", word_limit=50)
        for n in range(count)
    ]
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    return questions


def close_applications(funding_round: FundingRound) -> None:
    """Move every stage 100 days into the past: the deadline has gone (the round stays "open")."""
    Stage.objects.filter(funding_round=funding_round).update(
        starts_on=F("starts_on") - timedelta(days=100), ends_on=F("ends_on") - timedelta(days=100)
    )


def url(name: str, application: Application, *extra) -> str:
    return reverse(f"applications:{name}", args=[application.pk, *extra])


def sign_in_url(next_url: str) -> str:
    return f"{reverse('commissioning:sign_in')}?next={next_url}"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text(response) -> str:
    return response.content.decode()


def autosave(client, path: str, data: dict):
    """What static/js/autosave.js sends: the form, posted with fetch."""
    return client.post(path, data, headers={"X-Requested-With": "XMLHttpRequest"})
