"""The outbox page in a real Chromium: staff find it in the menu, see an email the outbox gave up
on and send it again; the page has no WCAG 2.2 AA violation."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from commissioning import emails
from commissioning.models import OutgoingEmail
from tests.accessibility import assert_accessible
from tests.mail import mail_server_down

from .factories import UserFactory
from .test_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_send_again_an_email_the_outbox_gave_up_on(page, live_server):
    with mail_server_down():
        email = emails.store_email(kind="test", to=["ben@example.org"], subject="Your interview", text="Hello Ben")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED)
    UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    sign_in(page, live_server, "fay@example.org")

    page.get_by_role("link", name="Emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails not sent yet")
    expect(page.get_by_role("table")).to_contain_text("The mail server could not be reached.")
    assert_accessible(page)

    page.get_by_role("button", name="Send again “Your interview” to ben@example.org").click()
    expect(page.get_by_text("The email “Your interview” to ben@example.org is being sent again.")).to_be_visible()
    expect(page.get_by_text("Every email has been sent.")).to_be_visible()
    assert_accessible(page)
    assert [message.to for message in mail.outbox] == [["ben@example.org"]]
