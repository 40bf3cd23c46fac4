"""The project's own settings, plus the benchmark's URLconf (the bare reference view) and a
header with each response's query count."""

from commissioning.settings import *  # noqa: F403
from commissioning.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
