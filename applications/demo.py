"""Forty Leeds groups: thirty-nine applied to "New projects 2018" (most eligible, a few found
not eligible with their reasons, three drafts never sent before it closed), and applicant1's
group is drafting for "Connecting communities 2019", which is open. Rows are built directly
(no emails)."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Answer, Application, EligibilityCheck, Organisation, OrganisationMember
from applications.permissions import ORGANISATION_GRANT
from commissioning.models import Criterion, FundingRound, Strand, User

K = Organisation.Kind
GROUPS = [
    ("Armley Helping Hands", K.REGISTERED_CHARITY, "Armley"),
    ("Bramley Elderly Action", K.REGISTERED_CHARITY, "Bramley"),
    ("Chapeltown Caribbean Elders", K.CIO, "Chapeltown"),
    ("Seacroft Good Neighbours", K.COMMUNITY_GROUP, "Seacroft"),
    ("Holbeck Men's Shed", K.COMMUNITY_INTEREST_COMPANY, "Holbeck"),
    ("Harehills Sisters Together", K.COMMUNITY_GROUP, "Harehills"),
    ("Headingley Walking Friends", K.COMMUNITY_GROUP, "Headingley"),
    ("Middleton Lunch Club", K.REGISTERED_CHARITY, "Middleton"),
    ("Pudsey Carers' Café", K.CIO, "Pudsey"),
    ("Rothwell Over-Fifties Forum", K.REGISTERED_CHARITY, "Rothwell"),
    ("Beeston Asian Elders", K.CIO, "Beeston"),
    ("Otley Singing for the Brain", K.COMMUNITY_GROUP, "Otley"),
    ("Wortley Allotment Friends", K.COMMUNITY_GROUP, "Wortley"),
    ("Morley Telephone Befrienders", K.COMPANY_LIMITED_BY_GUARANTEE, "Morley"),
    ("Kirkstall Library Reading Circle", K.COMMUNITY_GROUP, "Kirkstall"),
    ("Gipton Community Kitchen", K.COMMUNITY_INTEREST_COMPANY, "Gipton"),
    ("Horsforth Dementia Friends", K.CIO, "Horsforth"),
    ("Hunslet Tea Dance", K.COMMUNITY_GROUP, "Hunslet"),
    ("Yeadon Rainbow Elders", K.COMMUNITY_GROUP, "Yeadon"),
    ("Garforth Good Companions", K.REGISTERED_CHARITY, "Garforth"),
    ("Burmantofts Polish Club", K.COMMUNITY_GROUP, "Burmantofts"),
    ("Meanwood Nature Walks", K.COMMUNITY_INTEREST_COMPANY, "Meanwood"),
    ("Roundhay Retired Teachers", K.COMMUNITY_GROUP, "Roundhay"),
    ("Crossgates Digital Buddies", K.CIO, "Cross Gates"),
    ("Halton Moor Grandparents' Group", K.COMMUNITY_GROUP, "Halton Moor"),
    ("Wetherby Community Transport", K.COMPANY_LIMITED_BY_GUARANTEE, "Wetherby"),
    ("Chapel Allerton Arts for All", K.REGISTERED_CHARITY, "Chapel Allerton"),
    ("Lincoln Green Irish Elders", K.COMMUNITY_GROUP, "Lincoln Green"),
    ("Farsley Knit and Natter", K.COMMUNITY_GROUP, "Farsley"),
    ("Belle Isle Bowls Club", K.COMMUNITY_GROUP, "Belle Isle"),
    ("Hyde Park Somali Elders", K.CIO, "Hyde Park"),
    ("Swarcliffe Friendship Circle", K.REGISTERED_CHARITY, "Swarcliffe"),
    ("Guiseley Men in Sheds", K.COMMUNITY_INTEREST_COMPANY, "Guiseley"),
    ("Woodhouse Deaf Elders", K.CIO, "Woodhouse"),
    ("Moortown Jewish Care Lunches", K.REGISTERED_CHARITY, "Moortown"),
    ("Kippax Village Voices", K.COMMUNITY_GROUP, "Kippax"),
    ("Osmondthorpe Sight Loss Group", K.REGISTERED_CHARITY, "Osmondthorpe"),
    ("Calverley Heritage Walks", K.COMMUNITY_GROUP, "Calverley"),
    ("Richmond Hill Cookery Club", K.COMMUNITY_INTEREST_COMPANY, "Richmond Hill"),
    ("Adel Befriending Scheme", K.COMPANY_LIMITED_BY_GUARANTEE, "Adel"),
]
DRAFTS = {1, 12, 25, 37}  # 12, 25 and 37 never sent theirs
# applicant1@demo.example's group drafts for the round that is open now, so they can carry on.
DRAFTING_IN_OPEN_ROUND = 1
NOT_ELIGIBLE = {
    9: ("Most of the people the project is for live in Bradford, not Leeds.", "This fund is for projects in Leeds."),
    21: (
        "The project is for children and families, not people aged 50 and over.",
        "This fund is for people 50 and over.",
    ),
    33: ("The project would run in Harrogate.", "This fund is for projects in Leeds."),
}
ACTIVITIES = [
    "a weekly lunch club with a lift there and back",
    "telephone befriending for people who live alone",
    "a walking group with a café stop",
    "a men's shed where people fix and make things together",
    "singing sessions for people living with dementia and their carers",
    "an allotment where people grow food and share it",
    "digital buddies who help people video call their families",
    "a tea dance with transport for people who cannot drive",
]
# Each activity's strand in the 2018 round (by the strand's title).
ACTIVITY_STRANDS = [
    "Connecting people",
    "Connecting people",
    "Staying active",
    "Reaching isolated men",
    "Staying active",
    "Staying active",
    "Connecting people",
    "Reaching isolated men",
]


def _answers(name: str, area: str, activity: str, number: int) -> dict[str, str]:
    return {
        "Who is your project for, and where do they live?": (
            f"People aged 50 and over in {area}, Leeds. Many live alone, and about a third are carers."
        ),
        "How will you find older people who are lonely or isolated?": (
            f"We will run {activity}. Our volunteers knock on doors with the housing officers, and the GP "
            f"surgery in {area} refers people who tell the nurse they feel alone. Last year we met "
            f"{20 + number * 3} people who had not been out of the house for a month."
        ),
        "How will people hear about the project if they do not use the internet?": (
            "Posters in the post office, the chemist and the library, a leaflet with the pension letters, "
            "and word of mouth from the people who already come."
        ),
        "How will older people help to plan and run your project?": (
            f"Older people make up most of the committee of {name}. They choose the activities, lead "
            "the sessions and meet every three months to change what is not working."
        ),
        "Which communities will you reach that others do not?": (
            f"People in {area} who do not speak English as a first language, and older carers who "
            "cannot leave the person they look after for long."
        ),
        "What will the money pay for?": (
            "A part-time coordinator, the minibus and driver, room hire, food, and training for volunteers."
        ),
        "What will carry on after the grant ends?": (
            "The friendships, the volunteer rota and a small fee that covers the room. We will also ask the "
            "local council ward fund to help with transport."
        ),
    }


@transaction.atomic
def build_applications(write) -> None:
    funding_round = FundingRound.objects.filter(slug="new-projects-2018").prefetch_related("questions").first()
    open_round = FundingRound.objects.filter(slug="connecting-communities-2019").prefetch_related("questions").first()
    if funding_round is None or open_round is None or Application.objects.filter(funding_round=funding_round).exists():
        return
    staff = User.objects.get(email="staff@demo.example")
    contacts = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    questions = {funding_round: list(funding_round.questions.all()), open_round: list(open_round.questions.all())}
    must_haves = list(funding_round.criteria.filter(kind=Criterion.Kind.MUST_HAVE))
    strands = {strand.title: strand for strand in Strand.objects.filter(funding_round=funding_round).agreed()}
    # Applications came in over the open stage, which ended five weeks ago; checked three weeks ago.
    opened = timezone.now() - timedelta(weeks=12)
    year = funding_round.stage("open").starts_on.year
    for number, (name, kind, area) in enumerate(GROUPS, 1):
        contact = contacts[f"applicant{number}@demo.example"]
        organisation = Organisation.objects.create(
            name=name,
            kind=kind,
            charity_number=f"{1100000 + number * 137}" if kind in Organisation.NEEDS_CHARITY_NUMBER else "",
            company_number=f"{9000000 + number * 211:08d}" if kind in Organisation.NEEDS_COMPANY_NUMBER else "",
            address_line_1=f"{number} Town Street",
            town="Leeds",
            postcode=f"LS{number % 28 + 1} {number % 9 + 1}AB",
            main_contact=contact,
        )
        OrganisationMember.objects.create(organisation=organisation, user=contact)
        assign_perm(ORGANISATION_GRANT, contact, organisation)
        activity = ACTIVITIES[number % len(ACTIVITIES)]
        texts = _answers(name, area, activity, number)
        is_draft = number in DRAFTS
        applying_to = open_round if number == DRAFTING_IN_OPEN_ROUND else funding_round
        application = Application.objects.create(
            funding_round=applying_to,
            organisation=organisation,
            strand=strands.get(ACTIVITY_STRANDS[number % len(ACTIVITIES)]) if applying_to == funding_round else None,
            project_title=f"{activity[0].upper()}{activity[1:]} in {area}",
            amount_requested=Decimal(50000 + (number * 3700) % 150001).quantize(Decimal("1000")),
            status=Application.Status.DRAFT if is_draft else Application.Status.SUBMITTED,
            reference=None if is_draft else f"TTS-{year}-{number:04d}",
            submitted_at=None if is_draft else opened + timedelta(hours=number * 7),
            created_by=contact,
            updated_by=contact,
            updated_at=timezone.now() - timedelta(days=2)
            if applying_to == open_round
            else opened + timedelta(hours=number * 7),
        )
        # Drafts have answered about half the questions so far.
        answered = questions[applying_to][: len(questions[applying_to]) // 2] if is_draft else questions[applying_to]
        Answer.objects.bulk_create(
            [
                Answer(application=application, question=question, text=texts.get(question.text, ""))
                for question in answered
            ]
        )
        if is_draft:
            continue
        reasons = NOT_ELIGIBLE.get(number)
        EligibilityCheck.objects.bulk_create(
            [
                EligibilityCheck(
                    application=application,
                    criterion=criterion,
                    is_met=reasons is None,
                    reason=reasons[0] if reasons else "",
                    checked_by=staff,
                )
                for criterion in must_haves
            ]
        )
        Application.objects.filter(pk=application.pk).update(
            status=Application.Status.NOT_ELIGIBLE if reasons else Application.Status.ELIGIBLE,
            eligibility_reason=reasons[1] if reasons else "",
            eligibility_checked_at=timezone.now() - timedelta(weeks=3),
            eligibility_checked_by=staff,
        )
    write(
        f"Added {len(GROUPS)} organisations: {len(DRAFTS)} drafts (one for Connecting communities 2019), "
        f"{len(NOT_ELIGIBLE)} not eligible, {len(GROUPS) - len(DRAFTS) - len(NOT_ELIGIBLE)} eligible."
    )
