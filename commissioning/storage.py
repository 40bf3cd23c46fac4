"""Stored files (applicants' uploads, generated PDFs) whatever keeps them: the local disk on one
server, or an S3-compatible bucket shared by several (see `file_storage` in settings.py).

A store is an outside part that can fail. When it does, nobody sees a server error and nothing
they did is lost: an upload is refused with a plain message and can be tried again, a download
answers with a kind "try again in a few minutes" page (503), a report build fails with a reason
and can be built again. Files are never served from the store's own address: the views check
who may see a file, then stream it through `open_for_download`.
"""

import logging
import re
from pathlib import PurePath

from django.http import Http404

try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover  (django-storages[s3] is a dependency, but the disk needs none)
    _S3_ERRORS: tuple[type[Exception], ...] = ()
else:
    _S3_ERRORS = (BotoCoreError, ClientError)

logger = logging.getLogger(__name__)

# What a store raises when it cannot be reached or refuses: the disk's OSError (full, no
# permission), and for S3 botocore's connection errors and the server's refusals.
STORE_ERRORS: tuple[type[Exception], ...] = (OSError, *_S3_ERRORS)

UNAVAILABLE = "We cannot reach the store where files are kept just now. Try again in a few minutes."


class StoreUnavailable(Exception):
    """The file store could not be reached or refused the request; what the person did before is
    kept. `StoreUnavailableMiddleware` turns it into the kind 503 page."""

    def __init__(self, message: str = UNAVAILABLE):
        super().__init__(message)
        self.message = message


def open_for_download(stored_file, *, missing: str):
    """Open a stored file for streaming. A file the store no longer has is 404 with `missing`
    (what the person can do about it); a store that is down raises `StoreUnavailable`."""
    if not stored_file:
        raise Http404(missing)
    try:
        return stored_file.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    except STORE_ERRORS as error:
        logger.warning("The file store could not open %s: %s", stored_file.name, error)
        raise StoreUnavailable() from error


def delete_quietly(storage, name: str) -> None:
    """Delete a stored file whose record has gone. If the store is down the file stays behind,
    unreachable (no record points at it), and the log says which; the person's action stands."""
    if not name:
        return
    try:
        storage.delete(name)
    except STORE_ERRORS as error:
        logger.warning("The file store could not delete %s, so it stays there unused: %s", name, error)


def safe_download_name(original_name: str, extension: str, *, fallback: str) -> str:
    """A safe name for downloading an uploaded file: no path parts or odd characters from the
    name it arrived with, and the extension of its real (sniffed) type."""
    stem = PurePath(original_name.replace("\\", "/")).stem
    stem = re.sub(r"[^A-Za-z0-9 ._()-]+", "", stem).strip(" .") or fallback
    return f"{stem[:80]}.{extension}"
