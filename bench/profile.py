"""Where one page's time goes: pyinstrument over a few requests of it, in this process.

Point DATABASE_URL at a database with the bench data (`make bench BENCH_ARGS=--keep` keeps its
own and prints its name; or run `manage.py seed_demo` and `python -m bench.make_data` on any):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_… \\
        .venv/bin/python -m bench.profile /panels/7/results/ --as tenx-panel1@demo.example

It prints the queries per request and pyinstrument's call tree (`--html FILE` writes the
interactive page instead). The settings are the environment's (DEBUG on unless you say
otherwise, which adds the query log's small cost); the request goes through every middleware.
"""

import argparse
import os
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="the page, e.g. /panels/7/results/")
    parser.add_argument("--as", dest="email", default="", help="sign in as this person first")
    parser.add_argument("--repeat", type=int, default=5, help="requests profiled, after one to warm up")
    parser.add_argument("--html", help="write pyinstrument's HTML page here")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from commissioning.models import User

    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    client = Client(SERVER_NAME=host, HTTP_HOST=host)
    secure = not settings.DEBUG
    if args.email:
        client.force_login(User.objects.get(email=args.email))
    first = client.get(args.path, secure=secure)
    if first.status_code != 200:
        raise SystemExit(f"{args.path} answered {first.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path, secure=secure)
    print(f"{args.path}: {len(queries)} queries, {len(first.content) / 1024:.1f} KB of HTML")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            client.get(args.path, secure=secure)
    if args.html:
        Path(args.html).write_text(profiler.output_html())
        print(f"written to {args.html}")
    else:
        print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
