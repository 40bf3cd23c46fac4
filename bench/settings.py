"""The project's own settings, plus the benchmark's URLconf (the bare reference view)."""

from commissioning.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
