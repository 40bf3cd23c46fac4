"""`make bench`: CPU per request of every page against a bare Django view, in one interleaved run.

What it does, in order (about four minutes):

1. starts PostgreSQL on 127.0.0.1 if it is down, and creates a database of its own
   (`bench_…`, dropped at the end unless `--keep`);
2. migrates, collects the static files, loads `manage.py seed_demo` and ten times its data
   (`bench.make_data`);
3. serves it with gunicorn, two sync workers, in production mode (DEBUG off, HTTPS said by
   `X-Forwarded-Proto` as a proxy would), with `bench.settings`, which adds the bare view
   /bench/bare/ that returns "ok";
4. signs in one person of each role and, in each pass, asks for every page in turn, a burst of
   sequential requests each, with a burst of the bare view before and after every page: the
   CPU time the two workers spent on a burst (their threads' run time from
   /proc/<pid>/task/*/schedstat, in nanoseconds), divided by its requests, is the page's CPU ms,
   and the bare view's CPU around it over the page's is its share. The table has the medians
   of the passes;
5. runs the 50-member scenario (bench/locustfile.py: locust, headless, 60 s);
6. prints one table and writes it to bench/last-run.md.

Read "% of bare" as the throughput a page keeps next to the bare view: 10% means ten bare views
cost the CPU of one of these pages. CPU per request is the steady figure on a shared machine
(within about 15% from run to run); times in ms move with whatever else the machine is doing.

    python -m bench.run [--passes 5] [--users 50] [--duration 60] [--keep]
"""

import argparse
import csv
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil
import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "commissioning.example"
PASSWORD = "together-demo"
SERVER_POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# Each burst aims at about this much worker CPU, within these request counts.
TARGET_CPU_S = 0.5
MIN_REQUESTS, MAX_REQUESTS = 5, 400
SPAWN_RATE = 10  # members arriving per second in the load scenario


# --- the server --------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_answers() -> bool:
    try:
        with psycopg.connect(f"{SERVER_POSTGRES}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def ensure_postgres() -> None:
    """Start the local cluster if it is down, as .ci/run does (only for the default 127.0.0.1)."""
    if postgres_answers():
        return
    if "BENCH_POSTGRES_URL" in os.environ or not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        raise SystemExit(
            f"PostgreSQL does not answer at {SERVER_POSTGRES} (set BENCH_POSTGRES_URL to a server where you may "
            "create databases, e.g. postgres://user:password@host:5432)."
        )
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".") if p.isdigit()])[-1]
    log(f"starting PostgreSQL {version}")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)
    for _ in range(30):
        if postgres_answers():
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not start.")


def environment(database_url: str, work: Path) -> dict[str, str]:
    """Production settings, as README's "Running in production" sets them, on loopback."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EMAIL_", "DJANGO_", "DATABASE_URL"))}
    return {
        **kept,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + secrets.token_hex(32),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": database_url,
        # Required with DEBUG off; nothing is sent (no db_worker runs, emails wait in the outbox).
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict[str, str]) -> dict[str, float]:
    """Migrate, collect static files, load the demo and the ten-times data; seconds per step."""
    taken = {}
    steps = {
        "migrate": [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        "collectstatic": [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        "seed_demo": [sys.executable, "manage.py", "seed_demo"],
        "ten-times data": [sys.executable, "-m", "bench.make_data"],
    }
    for name, command in steps.items():
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        taken[name] = time.monotonic() - started
        if done.returncode:
            raise SystemExit(f"{name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        log(f"{name}: {taken[name]:.1f} s")
    return taken


def start_gunicorn(env: dict[str, str], port: int, work: Path) -> subprocess.Popen:
    handle = open(work / "gunicorn.log", "wb")  # noqa: SIM115  (closed with the process)
    command = [
        str(BIN / "gunicorn"),
        "commissioning.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "2",
        "-k",
        "sync",
        "--timeout",
        "120",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def workers_of(master: subprocess.Popen, expected: int = 2) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = psutil.Process(master.pid).children()
        if len(children) == expected:
            return sorted(child.pid for child in children)
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start its two workers.")


def cpu_ns(pids: list[int]) -> int:
    """Run time of every thread of these processes so far, in nanoseconds (user and system)."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    return total


# --- people and pages --------------------------------------------------------------------------


class Browser(requests.Session):
    """One person's visits. The server marks its cookies Secure (it believes the proxy's HTTPS)
    while we speak plain HTTP on loopback, so each cookie is made sendable once it arrives."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.headers.update({"Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}"})

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def browser(base: str) -> Browser:
    return Browser(base)


def sign_in(session: requests.Session, email: str) -> requests.Session:
    page = session.get(session.base + "/sign-in/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        session.base + "/sign-in/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={"Referer": f"https://{HOST}/sign-in/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302:
        raise SystemExit(f"signing in as {email} failed ({response.status_code}): {response.text[:500]}")
    return session


def one(database_url: str, sql: str, *params):
    with psycopg.connect(database_url) as connection:
        row = connection.execute(sql, params).fetchone()
    if row is None:
        raise SystemExit(f"the bench data lacks: {sql} {params}")
    return row[0]


def all_rows(database_url: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(sql, params).fetchall()


def panel_id(url: str, round_slug: str, name: str) -> int:
    return one(
        url,
        "SELECT p.id FROM panels_panel p JOIN commissioning_fundinground r ON r.id = p.funding_round_id "
        "WHERE r.slug = %s AND p.name = %s",
        round_slug,
        name,
    )


def draft_of(url: str, email: str, panel: int) -> int:
    """An application `email` has a draft assessment of on `panel`."""
    return one(
        url,
        "SELECT a.application_id FROM panels_assessment a JOIN panels_panelmembership m ON m.id = a.membership_id "
        "JOIN commissioning_user u ON u.id = m.user_id WHERE u.email = %s AND m.panel_id = %s "
        "AND a.status = 'draft' ORDER BY a.application_id LIMIT 1",
        email,
        panel,
    )


@dataclass
class Page:
    label: str
    who: str  # an email, or "" for a visitor
    path: str
    cpu_ms: list[float] = field(default_factory=list)  # one per pass
    times_ms: list[float] = field(default_factory=list)  # every measured request
    html_bytes: int = 0
    wire_bytes: int = 0
    statuses: set = field(default_factory=set)
    requests_per_burst: int = MIN_REQUESTS
    ratios: list[float] = field(default_factory=list)  # the bare view's CPU over this page's, per pass
    queries: int | None = None  # in the last response (bench.middleware)
    form: dict | None = None  # POSTed (with the CSRF token) instead of a GET
    expected: int = 200


def pages(url: str) -> list[Page]:
    from bench.make_data import ROUND_SLUG, member_email

    panel_b, panel_d = (panel_id(url, "new-projects-2018", name) for name in ("Panel B", "Panel D"))
    panel_x = panel_id(url, ROUND_SLUG, "Panel X")
    scored_d = draft_of(url, "panel4@demo.example", panel_d)
    scored_x = draft_of(url, member_email(1), panel_x)
    drafting = one(
        url,
        "SELECT a.id FROM applications_application a JOIN applications_organisation o ON o.id = a.organisation_id "
        "JOIN commissioning_fundinground r ON r.id = a.funding_round_id "
        "WHERE o.name = 'Armley Helping Hands' AND r.slug = 'connecting-communities-2019'",
    )
    section = one(
        url,
        "SELECT c.id FROM commissioning_criterion c JOIN commissioning_fundinground r ON r.id = c.funding_round_id "
        "WHERE r.slug = 'connecting-communities-2019' AND c.position = 2",
    )
    first, second = (
        row[0]
        for row in all_rows(
            url,
            "SELECT c.id FROM commissioning_criterion c JOIN commissioning_fundinground r ON r.id = c.funding_round_id "
            "WHERE r.slug = %s AND c.kind = 'scored' ORDER BY c.position LIMIT 2",
            ROUND_SLUG,
        )
    )
    draft = {f"score_{first}": "3", f"score_{second}": "2", f"comment_{first}": "Still thinking.", "action": "save"}
    tenx, panel4, applicant1 = member_email(1), "panel4@demo.example", "applicant1@demo.example"
    scoring_d = f"/panels/{panel_d}/applications/{scored_d}/score/"
    scoring_x = f"/panels/{panel_x}/applications/{scored_x}/score/"
    return [
        Page("bare view (reference)", "", "/bench/bare/"),
        Page("home, visitor", "", "/"),
        Page("home, panel member (panel4)", "panel4@demo.example", "/"),
        Page("home, panel chair (panel1)", "panel1@demo.example", "/"),
        Page("home, staff", "staff@demo.example", "/"),
        Page("home, applicant (applicant1)", "applicant1@demo.example", "/"),
        Page("home, criteria group (criteria1)", "criteria1@demo.example", "/"),
        Page("home, administrator", "admin@demo.example", "/"),
        Page("round public page (New projects 2018)", "", "/rounds/new-projects-2018/"),
        Page("panel page (Panel D, panel4)", "panel4@demo.example", f"/panels/{panel_d}/"),
        Page("scoring page (Panel D, panel4)", panel4, scoring_d),
        Page("results (Panel B, panel10)", "panel10@demo.example", f"/panels/{panel_b}/results/"),
        Page("applicant's section page (applicant1)", applicant1, f"/applications/{drafting}/sections/{section}/"),
        Page("10x panel page", tenx, f"/panels/{panel_x}/"),
        Page("10x scoring page", tenx, scoring_x),
        Page("10x results", tenx, f"/panels/{panel_x}/results/"),
        Page("10x shortlist", tenx, f"/panels/{panel_x}/shortlist/"),
        Page("10x staff panel page", "staff@demo.example", f"/staff/panels/{panel_x}/"),
        Page("10x save draft score", tenx, scoring_x, form=draft, expected=302),
    ]  # fmt: skip


def fetch(session: requests.Session, page: Page) -> float:
    url = session.base + page.path
    started = time.perf_counter()
    if page.form is None:
        response = session.get(url, allow_redirects=False, timeout=120)
    else:
        data = {"csrfmiddlewaretoken": session.cookies.get("csrftoken", ""), **page.form}
        headers = {"Referer": f"https://{HOST}{page.path}"}
        response = session.post(url, data=data, headers=headers, allow_redirects=False, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if "X-Bench-Queries" in response.headers:
        page.queries = int(response.headers["X-Bench-Queries"])
    page.statuses.add(response.status_code)
    page.html_bytes = len(response.content)
    page.wire_bytes = int(response.headers.get("Content-Length") or response.raw.tell() or len(response.content))
    return elapsed


def burst(session, page: Page, count: int, workers: list[int]) -> tuple[float, list[float]]:
    """`count` sequential requests; the workers' CPU ms per request and each request's time."""
    before = cpu_ns(workers)
    times = [fetch(session, page) for _ in range(count)]
    return (cpu_ns(workers) - before) / count / 1e6, times


def measure(base: str, all_pages: list[Page], workers: list[int], passes: int) -> None:
    sessions = {"": browser(base)}
    for who in sorted({page.who for page in all_pages} - {""}):
        sessions[who] = sign_in(browser(base), who)
    # Warm up: every page a few times, so both workers have loaded everything; size the bursts.
    for page in all_pages:
        fetch(sessions[page.who], page)
        cpu, _ = burst(sessions[page.who], page, 4, workers)
        page.requests_per_burst = max(MIN_REQUESTS, min(MAX_REQUESTS, round(TARGET_CPU_S * 1000 / max(cpu, 0.1))))
        page.statuses.clear()
    bare = all_pages[0]
    bare.requests_per_burst = max(MIN_REQUESTS, bare.requests_per_burst // 2)
    for number in range(1, passes + 1):
        # Interleaved: every page once in each pass, with a burst of the bare view before and
        # after it, so each page is set against the bare view as the machine was at that moment.
        before, times = burst(sessions[""], bare, bare.requests_per_burst, workers)
        bare.cpu_ms.append(before)
        bare.times_ms += times
        for page in all_pages[1:]:
            cpu, times = burst(sessions[page.who], page, page.requests_per_burst, workers)
            page.cpu_ms.append(cpu)
            page.times_ms += times
            after, times = burst(sessions[""], bare, bare.requests_per_burst, workers)
            bare.cpu_ms.append(after)
            bare.times_ms += times
            page.ratios.append((before + after) / 2 / cpu)
            before = after
        log(f"pass {number} of {passes}: bare view {statistics.median(bare.cpu_ms[-len(all_pages) :]):.2f} ms CPU")


# --- the 50-member scenario --------------------------------------------------------------------


def scenario(base: str, env: dict, url: str, work: Path, workers: list[int], users: int, duration: int) -> dict:
    """Run locust; its statistics by request name, and the workers' CPU ms per request meanwhile."""
    from bench.make_data import MEMBERS, ROUND_SLUG, member_email

    panel_x = panel_id(url, ROUND_SLUG, "Panel X")
    drafts = all_rows(
        url,
        "SELECT u.email, a.application_id FROM panels_assessment a "
        "JOIN panels_panelmembership m ON m.id = a.membership_id JOIN commissioning_user u ON u.id = m.user_id "
        "WHERE m.panel_id = %s AND a.status = 'draft' ORDER BY a.application_id",
        panel_x,
    )
    criteria = [
        row[0]
        for row in all_rows(
            url,
            "SELECT c.id FROM commissioning_criterion c JOIN commissioning_fundinground r ON r.id = c.funding_round_id "
            "WHERE r.slug = %s AND c.kind = 'scored' ORDER BY c.position",
            ROUND_SLUG,
        )
    ]
    sessions = work / "sessions.json"
    subprocess.run([sys.executable, "-m", "bench.sessions", str(sessions)], cwd=ROOT, env=env, check=True)
    keys = json.loads(sessions.read_text())
    plan = {
        "host": HOST,
        "panel": panel_x,
        "criteria": criteria,
        "members": [
            {
                "email": member_email(n),
                "session": keys[member_email(n)],
                "drafts": [app for email, app in drafts if email == member_email(n)],
            }
            for n in range(1, MEMBERS + 1)
        ],
    }
    (work / "scenario.json").write_text(json.dumps(plan))
    # Members arrive, already signed in, ten a second; the statistics start again once all are
    # there, so the table shows members at work.
    ramp = users / SPAWN_RATE
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--run-time",
        f"{math.ceil(ramp) + duration}s",
        "--reset-stats",
        "--host",
        base,
        "--csv",
        str(work / "locust"),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    log(f"the {users}-member scenario: locust, {ramp:.0f} s for everyone to arrive, then {duration} s at work")
    output = (work / "locust.out").open("wb")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "BENCH_SCENARIO": str(work / "scenario.json")},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    time.sleep(ramp + 1)
    before = cpu_ns(workers)
    process.wait(timeout=ramp + duration + 120)
    spent_ms = (cpu_ns(workers) - before) / 1e6
    output.close()
    stats = {}
    stats_file = work / "locust_stats.csv"
    if not stats_file.exists():
        log("locust wrote no statistics:\n" + (work / "locust.out").read_text()[-3000:])
        return stats
    with stats_file.open() as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "rps": float(row["Requests/s"]),
            }
    failures = work / "locust_failures.csv"
    if failures.exists():
        stats["_failures"] = failures.read_text().strip().splitlines()[1:][:10]
    if stats.get("Aggregated", {}).get("requests"):
        stats["_cpu_ms"] = spent_ms / stats["Aggregated"]["requests"]
    return stats


# --- the table ---------------------------------------------------------------------------------


def kilobytes(page: Page) -> str:
    shown = f"{page.html_bytes / 1024:.1f}"
    if page.wire_bytes and page.wire_bytes < page.html_bytes * 0.9:
        shown += f" ({page.wire_bytes / 1024:.1f} sent)"
    return shown


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def table(all_pages: list[Page], load: dict[str, dict], users: int) -> str:
    lines = [
        f"| page | CPU ms / request | % of bare | queries | HTML KB | p50 / p95 ms, one client | "
        f"p50 / p95 ms, {users} members |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for page in all_pages:
        cpu = statistics.median(page.cpu_ms)
        share = "—" if page is all_pages[0] else f"{statistics.median(page.ratios) * 100:.1f}%"
        low, high = min(page.cpu_ms), max(page.cpu_ms)
        under_load = load.get(page.label)
        loaded = f"{under_load['p50']:.0f} / {under_load['p95']:.0f}" if under_load else ""
        status = "" if page.statuses == {page.expected} else f" **(HTTP {', '.join(map(str, sorted(page.statuses)))})**"
        label = page.label + (" (POST)" if page.form else "")
        lines.append(
            f"| {label}{status} | {cpu:.1f} ({low:.1f}–{high:.1f}) | {share} | {page.queries} | {kilobytes(page)} | "
            f"{percentile(page.times_ms, 0.5):.0f} / {percentile(page.times_ms, 0.95):.0f} | {loaded} |"
        )
    return "\n".join(lines)


def connections_at_once(base: str, count: int) -> str:
    """`count` visitors open a connection each at the same moment and ask for the home page:
    gunicorn's two workers queue them; what matters is that none is refused or fails."""
    from concurrent.futures import ThreadPoolExecutor

    ready = threading.Barrier(count)

    def visit(_):
        session = browser(base)
        ready.wait(timeout=60)
        started = time.monotonic()
        try:
            status = session.get(base + "/", timeout=120).status_code
        except requests.RequestException as error:
            status = type(error).__name__
        return status, (time.monotonic() - started) * 1000

    with ThreadPoolExecutor(max_workers=count) as pool:
        outcomes = list(pool.map(visit, range(count)))
    failed = [status for status, _ in outcomes if status != 200]
    times = sorted(ms for _, ms in outcomes)
    text = (
        f"{count} connections at once (the visitor's home page): {count - len(failed)} answered 200, "
        f"{len(failed)} errors; slowest {times[-1]:.0f} ms, p50 {percentile(times, 0.5):.0f} ms."
    )
    if failed:
        text += " Errors: " + ", ".join(sorted({str(status) for status in failed}))
    return text


def summary(load: dict[str, dict], duration: int, users: int, load_cpu: float | None) -> str:
    total = load.get("Aggregated")
    if not total:
        return f"The {users}-member scenario did not run (see the log above)."
    text = (
        f"{users} members, 2–5 s think time, {duration} s: {total['requests']} requests "
        f"({total['rps']:.1f}/s), {total['failures']} errors, p50 {total['p50']:.0f} ms, p95 {total['p95']:.0f} ms"
    )
    if load_cpu is not None:
        text += f", about {load_cpu:.0f} ms of worker CPU per request"
    text += "."
    for line in load.get("_failures", []):
        text += f"\n- error: {line}"
    return text


def report(all_pages, load, args, taken, load_cpu, started, loads) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    bare = statistics.median(all_pages[0].cpu_ms)
    conn_max_age = os.environ.get("CONN_MAX_AGE", "60 (the production default)")
    return "\n".join(
        [
            f"# make bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit.stdout.strip() or '?'}",
            "",
            f"gunicorn -w 2 sync, DEBUG off, PostgreSQL, CONN_MAX_AGE={conn_max_age}; "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; {args.passes} interleaved passes, "
            f"medians (lowest–highest pass in brackets); bare view {bare:.2f} ms CPU. The machine's load "
            f"average was {loads[0]:.1f} before and {loads[1]:.1f} after (other work on it makes every "
            "page dearer; ratios to the bare view hold better than times).",
            "",
            table(all_pages, load, args.users),
            "",
            summary(load, args.duration, args.users, load_cpu),
            "",
            "Setup: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in taken.items())
            + f"; whole run {time.monotonic() - started:.0f} s.",
        ]
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passes", type=int, default=5, help="interleaved passes over every page (at least 3)")
    parser.add_argument("--users", type=int, default=50, help="members in the load scenario (0: no scenario)")
    parser.add_argument("--duration", type=int, default=60, help="seconds the load scenario runs")
    parser.add_argument("--connections", type=int, default=200, help="visitors arriving at once (0: none)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the work folder")
    args = parser.parse_args()
    if args.passes < 3:
        parser.error("at least three passes, so the median means something")
    started = time.monotonic()
    ensure_postgres()
    name = f"bench_{secrets.token_hex(4)}"
    database_url = f"{SERVER_POSTGRES}/{name}"
    with psycopg.connect(f"{SERVER_POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    log(f"database {name}, work folder {work}")
    server = None
    try:
        env = environment(database_url, work)
        taken = prepare(env)
        port = free_port()
        server = start_gunicorn(env, port, work)
        base = f"http://127.0.0.1:{port}"
        probe = browser(base)
        deadline = time.monotonic() + 60
        while True:
            try:
                if probe.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not answer:\n" + (work / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.25)
        workers = workers_of(server)
        log(f"gunicorn on {base}, workers {workers}")
        sys.path.insert(0, str(ROOT))
        all_pages = pages(database_url)
        loads = [os.getloadavg()[0]]
        if loads[0] > 1:
            log(f"the machine is busy (load average {loads[0]:.1f}): times will be high; ratios hold better")
        measure(base, all_pages, workers, args.passes)
        load = scenario(base, env, database_url, work, workers, args.users, args.duration) if args.users else {}
        load_cpu = load.pop("_cpu_ms", None)
        at_once = connections_at_once(base, args.connections) if args.connections else ""
        loads.append(os.getloadavg()[0])
        if workers_of(server) != workers:
            log("warning: a gunicorn worker was replaced during the run (see its log)")
        text = report(all_pages, load, args, taken, load_cpu, started, loads)
        if at_once:
            text += "\n\n" + at_once
        print("\n" + text + "\n")
        (ROOT / "bench" / "last-run.md").write_text(text + "\n")
        log("written to bench/last-run.md")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            log(f"kept database {name} and {work}")
        else:
            with psycopg.connect(f"{SERVER_POSTGRES}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
