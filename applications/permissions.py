"""Rules for organisations and applications, registered with the policy in `ready()`.

An organisation's members act for it (a guardian grant given with the membership). Anyone
else gets 404 for its applications and files: the views use `visible()` to load them.
"""

from django.db.models import Q
from django.utils import timezone

from commissioning.models import FundingRound
from commissioning.permissions import (
    ROUND_CLOSED_REASON,
    allow,
    deny,
    granted,
    granted_pks,
    has_grant,
    is_staff_role,
    register,
    round_is_closed,
)

ORGANISATION_GRANT = "applications.act_for_organisation"


def acts_for(user, organisation) -> bool:
    return has_grant(user, ORGANISATION_GRANT, organisation)


def acts_for_any(user) -> bool:
    """Whether `user` acts for any organisation (read once per request): pages and lists for
    applicants ask it first, so that nobody else pays for building their queries."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(granted_pks(user, ORGANISATION_GRANT, _organisation_model()))


def _round_takes_applications(funding_round, now=None) -> bool:
    deadline = funding_round.application_deadline
    return (
        funding_round.status == FundingRound.Status.OPEN and deadline is not None and (now or timezone.now()) < deadline
    )


CLOSED_REASON = "This funding round has closed, so applications can no longer be changed or sent."


def _manage_organisation(user, organisation):
    if acts_for(user, organisation):
        return allow()
    return deny("Only the organisation's own members can do this.")


def _view_organisation(user, organisation):
    if acts_for(user, organisation) or is_staff_role(user):
        return allow()
    return deny("Only the organisation's own members can see this.")


def _organisation_scope(user, queryset):
    return queryset if is_staff_role(user) else granted(user, ORGANISATION_GRANT, queryset)


def _register_organisation(user, obj):
    if getattr(user, "is_authenticated", False) and is_staff_role(user):
        return deny("Staff support applicants but do not apply for money.")
    return allow()


def _start_application(user, funding_round):
    if is_staff_role(user):
        return deny("Staff support applicants but do not apply for money.")
    if not _round_takes_applications(funding_round):
        return deny("This funding round is not taking applications.")
    return allow()


def _view_application(user, application):
    if acts_for(user, application.organisation):
        return allow()
    if is_staff_role(user) and not application.is_draft:
        return allow()
    return deny("Only the organisation that made this application can see it.")


def _application_scope(user, queryset):
    organisations = granted_pks(user, ORGANISATION_GRANT, _organisation_model())
    mine = Q(organisation__in=organisations)
    if is_staff_role(user):
        return queryset.filter(mine | ~Q(status="draft")) if organisations else queryset.exclude(status="draft")
    return queryset.filter(mine) if organisations else queryset.none()


def _organisation_model():
    from applications.models import Organisation

    return Organisation


def _edit_application(user, application):
    if not acts_for(user, application.organisation):
        return deny("Only the organisation that made this application can change it.")
    if not application.is_draft:
        return deny("This application has been sent, so it can no longer be changed.")
    if not _round_takes_applications(application.funding_round):
        return deny(CLOSED_REASON)
    return allow()


def _withdraw_application(user, application):
    if not acts_for(user, application.organisation):
        return deny("Only the organisation that made this application can withdraw it.")
    if round_is_closed(application.funding_round):
        return deny(ROUND_CLOSED_REASON)
    if not application.can_be_withdrawn:
        return deny("This application cannot be withdrawn now.")
    if application.funding_round.status == FundingRound.Status.FEEDBACK:
        return deny("The panel has decided and told you its decision, so there is nothing left to withdraw from.")
    return allow()


def _check_eligibility(user, application):
    if not is_staff_role(user):
        return deny("Eligibility is checked by staff.")
    if application.is_draft or application.status == application.Status.WITHDRAWN:
        return deny("Only applications that have been sent are checked.")
    if not application.funding_round.is_between(FundingRound.Status.OPEN, FundingRound.Status.ELIGIBILITY):
        return deny("Eligibility checks for this round are finished.")
    return allow()


def _close_applications(user, funding_round):
    if not is_staff_role(user):
        return deny("Only staff facilitators can close a round's applications.")
    if not funding_round.is_open_for_applications:
        return deny("This round is not open for applications.")
    return allow()


def _staff_only(user, obj):
    if is_staff_role(user):
        return allow()
    return deny("Only staff facilitators can see this page.")


def register_rules() -> None:
    register("applications.register_organisation", _register_organisation, allows_visitors=True)
    register("applications.view_organisation", _view_organisation, scope=_organisation_scope)
    register("applications.manage_organisation", _manage_organisation)
    register("applications.start_application", _start_application)
    register("applications.view_application", _view_application, scope=_application_scope)
    register("applications.edit_application", _edit_application)
    register("applications.withdraw_application", _withdraw_application)
    register("applications.check_eligibility", _check_eligibility)
    register("applications.list_applications", _staff_only)
    register("applications.close_applications", _close_applications)
