"""PDFs built in the background, one way for all of them: the decision report and panel packs.

A build is a row (`panels.models.BackgroundBuild`) that waits, is taken by one worker, saves how
far it has got as it goes, and ends ready with its file in the store, or failed with the reason
in plain words and no file kept. Two workers never build one row twice: a worker takes a build by
moving it from "waiting" to "being built" in one UPDATE, and only the worker whose UPDATE changed
the row goes on.
"""

import logging
import time
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone

from commissioning.storage import STORE_ERRORS, delete_quietly
from panels.exceptions import PanelError
from panels.models import BackgroundBuild

logger = logging.getLogger(__name__)

Status = BackgroundBuild.Status

FAILED_REASON = (
    "Something went wrong while writing the PDF, so nothing was kept. Try again; if it fails again, "
    "tell your technical administrator (the details are in the server's log)."
)

STORE_FAILED_REASON = (
    "The PDF was written but could not be kept, because the store where files are kept could not "
    "be reached. Nothing else has changed. Try again in a few minutes."
)


class BuildError(PanelError):
    """The PDF cannot be built; the message says why in plain words."""


def set_progress(build: BackgroundBuild, progress: int) -> None:
    """Save how far `build` has got (per cent), for the page that follows it."""
    type(build).objects.filter(pk=build.pk).update(progress=progress)


def run(
    model: type[BackgroundBuild],
    build_id: int,
    *,
    write: Callable[[BackgroundBuild], bytes],
    filename: Callable[[BackgroundBuild], str],
    built: Callable[[BackgroundBuild, int], None],
    first_progress: int = 5,
    related: tuple[str, ...] = (),
):
    """Build the waiting row `build_id` of `model`: `write(build)` returns the PDF's bytes, which
    are kept as `filename(build)`; then `built(build, size)` records it. A build that is not
    waiting (another worker took it, or it was built already) is left alone. Returns the build."""
    started = time.monotonic()
    taken = model.objects.filter(pk=build_id, status=Status.QUEUED).update(
        status=Status.BUILDING, progress=first_progress
    )
    build = model.objects.select_related(*related).get(pk=build_id)
    if not taken:
        return build
    try:
        pdf = write(build)
        try:
            build.file.save(filename(build), ContentFile(pdf), save=False)
        except STORE_ERRORS as error:
            raise BuildError(STORE_FAILED_REASON) from error
        build.status, build.progress = Status.READY, 100
        build.finished_at = timezone.now()
        build.seconds_taken = round(time.monotonic() - started, 2)
        build.save(update_fields=["file", "status", "progress", "finished_at", "seconds_taken"])
        built(build, len(pdf))
    except Exception as error:
        logger.exception("%s could not be built.", build)
        if build.file:
            delete_quietly(build.file.storage, build.file.name)
        build.status = Status.FAILED
        build.error = str(error) if isinstance(error, BuildError) else FAILED_REASON
        build.finished_at = timezone.now()
        build.seconds_taken = round(time.monotonic() - started, 2)
        model.objects.filter(pk=build_id).update(
            status=build.status,
            file="",
            error=build.error,
            finished_at=build.finished_at,
            seconds_taken=build.seconds_taken,
        )
    return build
