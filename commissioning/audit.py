"""What a line of the activity log can say someone did: the audit verbs.

A verb is a namespaced string, "app_label.what_happened" (`panels.decision_recorded`).
Each app registers its own verbs, with the plain words the activity log shows, in its
`AppConfig.ready()`, as pretix's `logentry_display` does. The core column has no
`choices`, so a new verb never needs a commissioning migration; instead
`commissioning.services.record_event` refuses a verb nobody registered, so a typo
fails loudly rather than writing a line nobody can read.
"""

from django.core.exceptions import ImproperlyConfigured

_descriptions: dict[str, str] = {}


class UnregisteredVerb(ValueError):
    """Code tried to log a verb that no app registered."""


def register_verbs(app_label: str, descriptions: dict[str, str]) -> None:
    """Register `app_label`'s verbs, each a full "app_label.name" string, with its plain description.

    The description completes "Pamela Panel …", for example "recorded a panel's funding decision".
    """
    for verb, description in descriptions.items():
        if not verb.startswith(f"{app_label}."):
            raise ImproperlyConfigured(f"{app_label} can only register its own verbs, not {verb!r}.")
        if _descriptions.get(verb, description) != description:
            raise ImproperlyConfigured(f"The audit verb {verb!r} is registered twice with different words.")
        _descriptions[verb] = description


def is_registered(verb: str) -> bool:
    return verb in _descriptions


def require_registered(verb: str) -> None:
    if verb not in _descriptions:
        raise UnregisteredVerb(
            f"{verb!r} is not a registered audit verb: add it to its app's audit.py and register it in ready()."
        )


def describe(verb: str) -> str:
    """The plain words for `verb`. A line from an app that has since gone shows its stored verb."""
    return _descriptions.get(verb, verb)


def registered_verbs() -> dict[str, str]:
    """Every registered verb and its description, for lists such as the admin's filter."""
    return dict(_descriptions)


class Verb:
    """The core's verbs: accounts, programmes, rounds, their questions and co-produced criteria."""

    SIGNED_IN = "commissioning.signed_in"
    SIGNED_OUT = "commissioning.signed_out"
    ROLE_CHANGED = "commissioning.role_changed"
    PASSWORD_CHANGED = "commissioning.password_changed"
    PASSWORD_RESET = "commissioning.password_reset"
    ACCOUNT_UPDATED = "commissioning.account_updated"
    DEMO_DATA_LOADED = "commissioning.demo_data_loaded"
    PROGRAMME_CREATED = "commissioning.programme_created"
    PROGRAMME_UPDATED = "commissioning.programme_updated"
    ROUND_CREATED = "commissioning.round_created"
    ROUND_UPDATED = "commissioning.round_updated"
    ROUND_ADVANCED = "commissioning.round_advanced"
    ROUND_CLOSED = "commissioning.round_closed"
    TIMELINE_SET = "commissioning.timeline_set"
    QUESTION_ADDED = "commissioning.question_added"
    QUESTION_UPDATED = "commissioning.question_updated"
    QUESTION_REMOVED = "commissioning.question_removed"
    CRITERIA_MEMBER_ADDED = "commissioning.criteria_member_added"
    CRITERIA_MEMBER_INVITED = "commissioning.criteria_member_invited"
    CRITERIA_PLACE_ENDED = "commissioning.criteria_place_ended"
    CRITERIA_REMINDER_SENT = "commissioning.criteria_reminder_sent"
    CRITERION_PROPOSED = "commissioning.criterion_proposed"
    STRAND_PROPOSED = "commissioning.strand_proposed"
    CRITERION_RESPONDED = "commissioning.criterion_responded"
    CRITERION_AGREED = "commissioning.criterion_agreed"
    CRITERION_REOPENED = "commissioning.criterion_reopened"
    CRITERION_WITHDRAWN = "commissioning.criterion_withdrawn"
    CRITERION_COMMENTED = "commissioning.criterion_commented"
    WORDING_SUGGESTED = "commissioning.wording_suggested"
    WORDING_ACCEPTED = "commissioning.wording_accepted"
    WORDING_DECLINED = "commissioning.wording_declined"
    JARGON_UPDATED = "commissioning.jargon_updated"
    EMAIL_SENT_AGAIN = "commissioning.email_sent_again"
    ACCOUNT_CHANGED_IN_ADMIN = "commissioning.account_changed_in_admin"
    ACCOUNT_CREATED_IN_ADMIN = "commissioning.account_created_in_admin"
    PASSWORD_RESET_SENT = "commissioning.password_reset_sent"
    SIGN_IN_LINK_REQUESTED = "commissioning.sign_in_link_requested"
    SIGN_IN_LINK_SENT = "commissioning.sign_in_link_sent"
    SIGNED_IN_BY_LINK = "commissioning.signed_in_by_link"


DESCRIPTIONS = {
    Verb.SIGNED_IN: "signed in",
    Verb.SIGNED_OUT: "signed out",
    Verb.ROLE_CHANGED: "changed a role",
    Verb.PASSWORD_CHANGED: "changed their password",
    Verb.PASSWORD_RESET: "reset their password",
    Verb.ACCOUNT_UPDATED: "updated their account",
    Verb.DEMO_DATA_LOADED: "loaded the demo data",
    Verb.PROGRAMME_CREATED: "created a programme",
    Verb.PROGRAMME_UPDATED: "updated a programme",
    Verb.ROUND_CREATED: "created a funding round",
    Verb.ROUND_UPDATED: "updated a funding round",
    Verb.ROUND_ADVANCED: "moved a round to its next stage",
    Verb.ROUND_CLOSED: "closed a round",
    Verb.TIMELINE_SET: "set a round's timeline",
    Verb.QUESTION_ADDED: "added a question",
    Verb.QUESTION_UPDATED: "changed a question",
    Verb.QUESTION_REMOVED: "removed a question",
    Verb.CRITERIA_MEMBER_ADDED: "added someone to a criteria group",
    Verb.CRITERIA_MEMBER_INVITED: "invited someone new to a criteria group",
    Verb.CRITERIA_PLACE_ENDED: "ended a criteria group place when a role changed to staff",
    Verb.CRITERIA_REMINDER_SENT: "reminded the criteria group to respond",
    Verb.CRITERION_PROPOSED: "proposed a criterion",
    Verb.STRAND_PROPOSED: "proposed a strand of the budget",
    Verb.CRITERION_RESPONDED: "responded to a criterion",
    Verb.CRITERION_AGREED: "saw a criterion agreed",
    Verb.CRITERION_REOPENED: "saw a criterion reopened for discussion",
    Verb.CRITERION_WITHDRAWN: "withdrew a criterion",
    Verb.CRITERION_COMMENTED: "commented on a criterion",
    Verb.WORDING_SUGGESTED: "suggested new wording for a criterion",
    Verb.WORDING_ACCEPTED: "accepted suggested wording",
    Verb.WORDING_DECLINED: "declined suggested wording",
    Verb.JARGON_UPDATED: "changed the plain-English word list",
    Verb.EMAIL_SENT_AGAIN: "sent an email again that the outbox had given up on",
    Verb.ACCOUNT_CHANGED_IN_ADMIN: "changed someone's account in Django admin",
    Verb.ACCOUNT_CREATED_IN_ADMIN: "made an account in Django admin",
    Verb.PASSWORD_RESET_SENT: "sent someone a password reset email",
    Verb.SIGN_IN_LINK_REQUESTED: "asked for a sign-in link by email",
    Verb.SIGN_IN_LINK_SENT: "sent someone a sign-in link by email",
    Verb.SIGNED_IN_BY_LINK: "used an emailed sign-in link",
}
