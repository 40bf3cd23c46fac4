"""The help page's words: what happens at each stage of a round, for each kind of person, and
the words we use. One entry per stage of the round's own vocabulary (FundingRound.Status), so a
new stage cannot arrive without its help (tests/commissioning/views/test_help.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from commissioning.models import FundingRound

Stage = FundingRound.Status


@dataclass(frozen=True)
class StageHelp:
    stage: str
    name: str
    what_happens: str
    what_to_expect: str


# A round "being set up" is seen by staff only, so the help starts when people take part.
WHAT_HAPPENS = {
    Stage.CRITERIA: (
        "A group of older people agrees what a good project looks like: the criteria. Anyone in "
        "the group can suggest a criterion, say they agree, raise a worry or object. A criterion "
        "is agreed only when enough of the group have given their view and nobody objects.",
        "If you are in the criteria group, we email you when there is something to read. It "
        "usually takes an hour or two over a few weeks. Staff help, but they never agree criteria.",
    ),
    Stage.OPEN: (
        "Community groups and charities apply online. They answer the round's questions, and "
        "can save and come back as often as they like before the deadline.",
        "If you apply, you get a reference and an email receipt when you send your application. "
        "You can ask the named contact below for help at any time.",
    ),
    Stage.ELIGIBILITY: (
        "Staff check that each application meets the funder's basic rules, for example that the "
        "group works with older people in the area. They do not judge how good a project is.",
        "If you applied, we email you to say whether your application goes to a panel, and why if it does not.",
    ),
    Stage.SHORTLISTING: (
        "A panel of older volunteers reads the applications and scores each one against the "
        "agreed criteria. First, each member says whether they know any of the groups (a "
        "conflict of interest). Then the panel agrees a shortlist together.",
        "If you are on a panel, you can score on the website, on paper or by phone, and take "
        "breaks whenever you like: your scores are saved as you go. Staff can help with "
        "anything except scoring or voting.",
    ),
    Stage.INTERVIEWS: (
        "The panel meets the shortlisted groups, asks them the same questions, and scores what they hear.",
        "If your group is shortlisted, we email you the date, time and place, and the questions the panel will ask.",
    ),
    Stage.DECISION: (
        "The panel decides which projects to fund and how much each gets, within the round's "
        "budget. Every decision has a reason written down. Only the volunteers vote.",
        "Panel members vote on the website or with staff taking down their vote. A decision "
        "counts only when enough members have taken part.",
    ),
    Stage.FEEDBACK: (
        "Every group that applied hears the panel's decision and its feedback. The grants are "
        "published as open data, and a report says how each decision was made.",
        "If you applied, we email you the decision and a letter with the panel's feedback.",
    ),
    Stage.CLOSED: (
        "The round is finished. Everything is kept as it was decided, and anyone can read the "
        "grants and the decision report.",
        "You can read past rounds, their grants and reports from the home page.",
    ),
}


def stages() -> list[StageHelp]:
    return [StageHelp(stage.value, stage.label, *WHAT_HAPPENS[stage]) for stage in Stage if stage in WHAT_HAPPENS]


# The words a volunteer meets on the website, in plain English (the help page's "Words we use").
GLOSSARY = [
    ("Criteria", "What a good project looks like, agreed by older people before the round opens."),
    ("Weight", "How much a criterion counts. A criterion with weight 2 counts twice as much as one with weight 1."),
    (
        "Conflict of interest",
        "When you know a group, work with it or could gain from it. Then you take no part in deciding on it.",
    ),
    ("Panel", "A group of older volunteers who read the applications, meet the groups and decide."),
    ("Shortlist", "The applications the panel chooses to meet at interview."),
    (
        "Average score",
        "All the members' scores added up and divided by how many members scored. Criteria that count more weigh more.",
    ),
    ("Middle score", "The score in the middle when all the members' scores are put in order."),
    (
        "Enough members",
        "A decision counts only when enough of the panel's members have taken part (sometimes called a quorum).",
    ),
    ("Together session", "A meeting of the panel, in person or by video, with staff to help."),
    ("Induction", "A short introduction to being on a panel, done before you score."),
    ("Honorarium", "A thank-you payment for your time. You can say no to it, privately."),
    ("Taken down", "When staff write down your paper scores or phone vote for you. It counts once you confirm it."),
]


@dataclass(frozen=True)
class Contact:
    """Who to ask for help, as "Need help?" at the foot of every page gives it."""

    name: str
    phone: str
    email: str
    hours: str

    @property
    def phone_link(self) -> str:
        return "tel:" + "".join(character for character in self.phone if character.isdigit() or character == "+")


# Every page about a round shows its programme's contact, so it is kept in the cache rather
# than read on each page; saving the programme forgets it at once (apps.py), and on another
# server the old one lasts at most this long.
CONTACT_CACHE_SECONDS = 300


def _cache_key(round_id) -> str:
    return f"help-contact:round:{round_id}"


def service_contact() -> Contact:
    return Contact(**settings.HELP_CONTACT)


def contact_for(round_id: int | None) -> Contact:
    """The named contact of the round's programme when it has given a phone number or an email
    address, otherwise the service's own (settings.HELP_CONTACT)."""
    if round_id is None:
        return service_contact()
    own = cache.get_or_set(_cache_key(round_id), lambda: _read_contact(round_id), CONTACT_CACHE_SECONDS)
    if own and (own["contact_phone"] or own["contact_email"]):
        return Contact(
            name=own["contact_name"] or settings.HELP_CONTACT["name"],
            phone=own["contact_phone"],
            email=own["contact_email"],
            hours=own["contact_hours"],
        )
    return service_contact()


def _read_contact(round_id) -> dict:
    from commissioning.models import Programme

    fields = ("contact_name", "contact_phone", "contact_email", "contact_hours")
    return Programme.objects.filter(rounds__pk=round_id).values(*fields).first() or {}


def forget_contact(sender, instance, **kwargs) -> None:
    """A programme's contact changed: forget it for each of its rounds. A round saved (a new
    one, or one moved to another programme) forgets its own."""
    if isinstance(instance, FundingRound):
        cache.delete(_cache_key(instance.pk))
        return
    round_ids = FundingRound.objects.filter(programme_id=instance.pk).values_list("pk", flat=True)
    cache.delete_many([_cache_key(round_id) for round_id in round_ids])
