"""What every panel form page does with a service's answer."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form

from panels.exceptions import PanelError


def refusal_in_words(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def attempt(form: Form, call: Callable[[], Any], *, field: str | None = None) -> tuple[bool, Any]:
    """Run `call` (a service that saves what the form holds). When the service refuses, its reason
    goes on the form, by `field` (or at the top), and nothing is saved: (False, None). Otherwise
    (True, what the service returned). A refusal by the policy goes at the top, whatever `field`."""
    try:
        return True, call()
    except PermissionDenied as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        _add_validation_error(form, error, field)
    except PanelError as error:
        form.add_error(field, refusal_in_words(error))
    return False, None


def _add_validation_error(form: Form, error: ValidationError, field: str | None) -> None:
    """A service's errors by field (`ValidationError({"amount": ...})`) go against those fields
    of the form; the rest go by `field`, or at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(field, refusal_in_words(error))
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields else field
        form.add_error(target, " ".join(message for item in errors for message in item.messages))


def attempt_or_tell(request, call: Callable[[], Any]) -> tuple[bool, Any]:
    """For a button without a form: when the service refuses, its reason is shown as an error
    message at the top of the next page, and nothing is saved."""
    try:
        return True, call()
    except (PanelError, PermissionDenied, ValidationError) as error:
        messages.error(request, refusal_in_words(error))
    return False, None
