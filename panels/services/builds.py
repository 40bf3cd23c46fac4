"""PDFs built in the background, one way for all of them: the decision report and panel packs.

A build is a row (`panels.models.BackgroundBuild`) that waits, is taken by one worker, saves how
far it has got as it goes, and ends ready with its file in the store, or failed with the reason
in plain words and no file kept. Two workers never build one row twice: a worker takes a build by
moving it from "waiting" to "being built" in one UPDATE, and only the worker whose UPDATE changed
the row goes on.

A worker can stop in the middle (restarted, killed, out of memory) and leave its row "being
built" for ever, which would also stop anyone asking again. So a build being built for longer
than BUILD_TIME_LIMIT is given up as failed (`give_up_stopped`) when its page is read or a new
build is asked for, and a worker that comes back after that keeps nothing.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q, QuerySet
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


STOPPED_REASON = (
    "The PDF was not finished: the program that builds it stopped part way, so nothing was kept. "
    "Try again; if it stops again, tell your technical administrator."
)


class BuildError(PanelError):
    """The PDF cannot be built; the message says why in plain words."""


def set_progress(build: BackgroundBuild, progress: int) -> None:
    """Save how far `build` has got (per cent), for the page that follows it."""
    type(build).objects.filter(pk=build.pk).update(progress=progress)


def give_up_stopped(builds: QuerySet) -> int:
    """Mark failed every build in `builds` that has been "being built" for longer than
    BUILD_TIME_LIMIT seconds: its worker stopped. Returns how many were given up."""
    now = timezone.now()
    too_long_ago = now - timedelta(seconds=settings.BUILD_TIME_LIMIT)
    stopped = builds.filter(status=Status.BUILDING).filter(
        Q(started_at__lt=too_long_ago) | Q(started_at__isnull=True, requested_at__lt=too_long_ago)
    )
    given_up = stopped.update(status=Status.FAILED, error=STOPPED_REASON, finished_at=now, file="")
    if given_up:
        logger.warning("%s %s build(s) given up: their worker stopped.", given_up, builds.model.__name__)
    return given_up


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
        status=Status.BUILDING, progress=first_progress, started_at=timezone.now()
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
        # Only if it is still ours: a build given up as stopped while this worker was away stays
        # failed (someone may already be building it again), and its file is not kept.
        kept = model.objects.filter(pk=build_id, status=Status.BUILDING).update(
            file=build.file.name,
            status=build.status,
            progress=build.progress,
            finished_at=build.finished_at,
            seconds_taken=build.seconds_taken,
        )
        if not kept:
            delete_quietly(build.file.storage, build.file.name)
            build.refresh_from_db()
            return build
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
