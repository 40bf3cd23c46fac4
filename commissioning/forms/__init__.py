from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string

from commissioning.models import User


def gds_helper(form) -> FormHelper:
    helper = FormHelper(form)
    helper.form_tag = False
    helper.label_size = Size.SMALL
    return helper


def email_address_field(label: str = "Email address", **kwargs) -> forms.EmailField:
    """An email address box with plain-English errors, for every form that asks for one."""
    return forms.EmailField(
        label=label,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
            "max_length": "Your email address must be 254 characters or fewer",
        },
        **kwargs,
    )


class GdsForm(forms.Form):
    """A form laid out with the GOV.UK Design System pack: its crispy helper is made with it,
    with `form_tag` off so that the template owns `<form>` and `{% csrf_token %}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in with an email address. A failure never says which half was wrong."""

    error_messages = {
        "invalid_login": "The email address or password is not right. Check them and try again.",
    }

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class AccountForm(GdsForm):
    """A person's own name and display preferences. A plain form: the change is saved
    by `services.update_account`, which compares it with what is stored and logs it."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        help_text="Other people in your panel or group will see this name.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 150 characters or fewer",
        },
    )
    prefers_larger_text = forms.BooleanField(label="Show larger text on every page", required=False)
    prefers_high_contrast = forms.BooleanField(label="Show high-contrast colours on every page", required=False)

    @classmethod
    def for_user(cls, user: User, data=None) -> "AccountForm":
        initial = {name: getattr(user, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name


class _GdsMixin:
    """Django's own auth forms, laid out with the GOV.UK pattern."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class PasswordChangeForm(_GdsMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        _new_password_messages(self)


class PasswordResetForm(_GdsMixin, auth_forms.PasswordResetForm):
    email = email_address_field()

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Through the outbox, like every other email: Django's own sends at once and, with the
        mail server down, only logs the failure while the page says "check your email"."""
        from commissioning.emails import store_email

        store_email(
            kind="registration/password_reset",
            to=[to_email],
            subject=render_to_string(subject_template_name, context),
            text=render_to_string(email_template_name, context),
            html=render_to_string(html_email_template_name, context) if html_email_template_name else "",
        )


class SetPasswordForm(_GdsMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_messages(self)


def _new_password_messages(form) -> None:
    form.error_messages = {
        **form.error_messages,
        "password_mismatch": "The two new passwords are different. Type the same password in both boxes.",
        "password_incorrect": "Your current password is not right. Type it again.",
    }
    form.fields["new_password1"].error_messages["required"] = "Enter a new password"
    form.fields["new_password2"].label = "Type the new password again"
    form.fields["new_password2"].error_messages["required"] = "Type the new password again"


class SignInLinkForm(GdsForm):
    """The email address to send a sign-in link to."""

    email = email_address_field()


class EmailChoiceForm(GdsForm):
    """How much email a person wants. Essentials always go."""

    email_choice = forms.ChoiceField(
        label="Which emails do you want from us?",
        choices=[
            Choice(
                User.EmailChoice.EVERYTHING,
                "Everything",
                hint="Reminders before meetings, interviews and scoring, invitations, and news such as answers "
                "to the panel's questions.",
            ),
            Choice(
                User.EmailChoice.NEEDS_ME,
                "Only what needs me",
                hint="Reminders, invitations and things you are asked to do. No news.",
            ),
            Choice(
                User.EmailChoice.ESSENTIALS,
                "Nothing but essentials",
                hint="Only sign-in links, password resets, receipts for applications and decisions. No reminders.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which emails you want",
            "invalid_choice": "Choose which emails you want",
        },
    )

    def __init__(self, *args, **kwargs):
        from commissioning.forms.criteria import radios

        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(radios("email_choice", Size.MEDIUM))
