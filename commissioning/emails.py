"""One helper for every email: a subject, a plain-text body and an HTML body from templates.

Templates are `<app>/emails/<name>_subject.txt`, `_body.txt` and `_body.html`.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(template: str, *, to: list[str], context: dict) -> None:
    """Send `template` ("commissioning/emails/criteria_invitation") to each address in `to`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}_body.txt", context)
    html = render_to_string(f"{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()
