"""Forms for organisations, colleagues and starting an application.

The organisation forms are ModelForms, so `Organisation.clean()` checks the charity and company
numbers as the person types them and its messages land on the right field. The account fields
only check their shape; `services.sign_up_and_register` checks the email is free and the password
strong enough, and the view puts its messages on the same fields.
"""

import re

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from applications.models import Organisation
from commissioning.forms import GdsForm, email_address_field, gds_helper
from commissioning.forms.criteria import RADIOS_TEMPLATE

# A full UK postcode: outward code, a space (optional when typed), inward code.
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$")

CHARITY_HINT = (
    "Registered charities and charitable incorporated organisations (CIOs) must give this. "
    "For example 1164883, SC012345 or NIC100012."
)
COMPANY_HINT = (
    "Companies limited by guarantee and community interest companies (CICs) must give this. "
    "For example 01234567 or SC123456."
)
KIND_CHOICES = [
    Choice(
        Organisation.Kind.REGISTERED_CHARITY,
        Organisation.Kind.REGISTERED_CHARITY.label,
        hint=("You will need your charity number."),
    ),
    Choice(Organisation.Kind.CIO, Organisation.Kind.CIO.label, hint="You will need your charity number."),
    Choice(
        Organisation.Kind.COMPANY_LIMITED_BY_GUARANTEE,
        Organisation.Kind.COMPANY_LIMITED_BY_GUARANTEE.label,
        hint="You will need your company number, and your charity number if you are also a charity.",
    ),
    Choice(
        Organisation.Kind.COMMUNITY_INTEREST_COMPANY,
        Organisation.Kind.COMMUNITY_INTEREST_COMPANY.label,
        hint="You will need your company number.",
    ),
    Choice(
        Organisation.Kind.COMMUNITY_GROUP,
        Organisation.Kind.COMMUNITY_GROUP.label,
        hint="A group with a constitution and a bank account, but no charity or company number.",
    ),
]
ORGANISATION_FIELDS = [
    "name",
    "kind",
    "charity_number",
    "company_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
]


def _radios(name: str, legend_size: str = Size.MEDIUM) -> Field:
    return Field(name, template=RADIOS_TEMPLATE, context={"legend_size": Size.for_legend(legend_size)})


def _text(value) -> str:
    return " ".join((value or "").split())


class OrganisationForm(forms.ModelForm):
    """An organisation's details. Give it a copy of the organisation to edit: a ModelForm writes
    what was typed onto its instance, and `services.update_organisation` compares the two."""

    kind = forms.ChoiceField(
        label="What type of organisation is it?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of organisation", "invalid_choice": "Choose one of the types"},
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        labels = {
            "name": "Organisation name",
            "charity_number": "Charity number (if you have one)",
            "company_number": "Company number (if you have one)",
            "address_line_1": "Address line 1",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city",
            "postcode": "Postcode",
        }
        help_texts = {
            "name": "As it appears on your bank account or constitution.",
            "charity_number": CHARITY_HINT,
            "company_number": COMPANY_HINT,
        }
        error_messages = {
            "name": {
                "required": "Enter your organisation's name",
                "max_length": "The name must be 200 characters or fewer",
            },
            "charity_number": {"max_length": "Enter a charity number like 1164883, SC012345 or NIC100012"},
            "company_number": {"max_length": "Enter a company number like 01234567 or SC123456"},
            "address_line_1": {
                "required": "Enter the first line of your address",
                "max_length": "Address line 1 must be 200 characters or fewer",
            },
            "address_line_2": {"max_length": "Address line 2 must be 200 characters or fewer"},
            "town": {
                "required": "Enter your town or city",
                "max_length": "The town or city must be 100 characters or fewer",
            },
            "postcode": {"required": "Enter your postcode", "max_length": "Enter a full UK postcode, like LS12 3AB"},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "charity_number": forms.TextInput(attrs={"spellcheck": "false"}),
            "company_number": forms.TextInput(attrs={"spellcheck": "false"}),
            "address_line_1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_line_2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(*self.organisation_layout())

    def organisation_layout(self) -> list:
        return [
            Field.text("name"),
            _radios("kind", Size.SMALL),
            Field.text("charity_number", field_width=10),
            Field.text("company_number", field_width=10),
            Fieldset(
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("postcode", field_width=10),
                legend="Address",
                legend_size=Size.SMALL,
            ),
        ]

    def clean_name(self):
        name = _text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Enter your organisation's name")
        return name

    def clean_address_line_1(self):
        line = _text(self.cleaned_data["address_line_1"])
        if not line:
            raise forms.ValidationError("Enter the first line of your address")
        return line

    def clean_address_line_2(self):
        return _text(self.cleaned_data["address_line_2"])

    def clean_town(self):
        town = _text(self.cleaned_data["town"])
        if not town:
            raise forms.ValidationError("Enter your town or city")
        return town

    def clean_postcode(self):
        postcode = re.sub(r"\s+", "", self.cleaned_data["postcode"]).upper()
        if not POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a full UK postcode, like LS12 3AB")
        return f"{postcode[:-3]} {postcode[-3:]}"

    def organisation_fields(self) -> dict:
        """What the services need, as `Organisation.clean()` tidied it (spaces out of the numbers,
        a company number's leading zeros back in)."""
        return {name: getattr(self.instance, name) for name in ORGANISATION_FIELDS}


def _password_fields(form: forms.Form) -> None:
    form.fields["password"] = forms.CharField(
        label="Create a password",
        help_text="At least 8 characters. A few words you will remember, such as three random words, works well.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password"},
    )
    form.fields["password_again"] = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )


def _check_passwords_match(form: forms.Form, cleaned: dict) -> None:
    password, again = cleaned.get("password"), cleaned.get("password_again")
    if password and again and password != again:
        form.add_error("password_again", "The two passwords are different. Type the same password in both boxes.")


FULL_NAME_MESSAGES = {"required": "Enter your full name", "max_length": "Your name must be 150 characters or fewer"}


class RegistrationForm(OrganisationForm):
    """A visitor's own account and their organisation, on one page."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=FULL_NAME_MESSAGES,
    )
    email = email_address_field(
        "Your email address",
        help_text="You will use this to sign in. We will send emails about your applications here.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self)
        # The error summary lists problems in this order: the order of the page.
        self.order_fields(["full_name", "email", "password", "password_again", *ORGANISATION_FIELDS])
        self.helper.layout = Layout(
            Fieldset(
                Field.text("full_name"),
                Field.text("email"),
                Field.text("password", field_width=20),
                Field.text("password_again", field_width=20),
                legend="About you",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(*self.organisation_layout(), legend="Your organisation", legend_size=Size.MEDIUM),
        )

    def clean_full_name(self):
        name = _text(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        _check_passwords_match(self, cleaned)
        return cleaned

    def account_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("email", "full_name", "password")}


class InvitationSignUpForm(forms.Form):
    """An invited colleague's new account. The email address is the one the invitation went to:
    shown read-only, and never taken from what is sent."""

    email = forms.EmailField(
        label="Your email address",
        help_text="The invitation was sent here. You will use it to sign in.",
        required=False,
        widget=forms.EmailInput(attrs={"readonly": True, "autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=FULL_NAME_MESSAGES,
    )

    def __init__(self, *args, invited_email: str, **kwargs):
        super().__init__(*args, initial={"email": invited_email}, **kwargs)
        self.invited_email = invited_email
        _password_fields(self)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            Field.text("email"),
            Field.text("full_name"),
            Field.text("password", field_width=20),
            Field.text("password_again", field_width=20),
        )

    def clean_email(self):
        return self.invited_email

    def clean_full_name(self):
        name = _text(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name

    def clean(self):
        cleaned = super().clean()
        _check_passwords_match(self, cleaned)
        return cleaned


class ColleagueInviteForm(GdsForm):
    email = forms.EmailField(
        label="Your colleague's email address",
        help_text="We will email them a link. It works once.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your colleague's email address",
            "invalid": "Enter an email address like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class StartApplicationForm(forms.Form):
    """Which of the person's organisations applies. With one, it is a hidden confirmation."""

    organisation = forms.TypedChoiceField(
        label="Which organisation is applying?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the organisation that is applying",
            "invalid_choice": "Choose one of your organisations",
        },
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        field = self.fields["organisation"]
        field.choices = [(organisation.pk, organisation.name) for organisation in organisations]
        self.is_confirmation = len(organisations) == 1
        if self.is_confirmation:
            field.widget = forms.HiddenInput()
            self.initial["organisation"] = organisations[0].pk
        self.helper = gds_helper(self)
        self.helper.layout = Layout("organisation" if self.is_confirmation else _radios("organisation"))

    @property
    def chosen(self) -> Organisation:
        return self.organisations[self.cleaned_data["organisation"]]
