"""The applications app's audit verbs: organisations, their people and their applications.

Registered with the core's activity log in `ApplicationsConfig.ready()` (see commissioning/audit.py).
"""


class Verb:
    ORGANISATION_REGISTERED = "applications.organisation_registered"
    ORGANISATION_UPDATED = "applications.organisation_updated"
    COLLEAGUE_INVITED = "applications.colleague_invited"
    COLLEAGUE_JOINED = "applications.colleague_joined"
    APPLICATION_STARTED = "applications.application_started"
    DRAFT_SAVED = "applications.draft_saved"
    DRAFT_CONFLICT = "applications.draft_conflict"
    ATTACHMENT_ADDED = "applications.attachment_added"
    ATTACHMENT_REMOVED = "applications.attachment_removed"
    APPLICATION_SUBMITTED = "applications.application_submitted"
    APPLICATION_WITHDRAWN = "applications.application_withdrawn"
    ELIGIBILITY_RECORDED = "applications.eligibility_recorded"
    APPLICATIONS_CLOSED = "applications.applications_closed"
    DRAFTS_TOLD = "applications.drafts_told"


DESCRIPTIONS = {
    Verb.APPLICATIONS_CLOSED: "closed a round's applications before its deadline",
    Verb.DRAFTS_TOLD: "emailed everyone holding a draft",
    Verb.ORGANISATION_REGISTERED: "registered an organisation",
    Verb.ORGANISATION_UPDATED: "updated an organisation",
    Verb.COLLEAGUE_INVITED: "invited a colleague",
    Verb.COLLEAGUE_JOINED: "joined an organisation",
    Verb.APPLICATION_STARTED: "started an application",
    Verb.DRAFT_SAVED: "saved a draft application",
    Verb.DRAFT_CONFLICT: "saved over an older copy (kept aside)",
    Verb.ATTACHMENT_ADDED: "attached a file",
    Verb.ATTACHMENT_REMOVED: "removed a file",
    Verb.APPLICATION_SUBMITTED: "sent an application",
    Verb.APPLICATION_WITHDRAWN: "withdrew an application",
    Verb.ELIGIBILITY_RECORDED: "recorded an eligibility check",
}
