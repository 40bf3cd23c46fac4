"""Fifty volunteers of the ten-times panel at work at once, each thinking 2 to 5 s between pages:
the panel page, an application's scoring page, the results, and now and then saving a draft score.

`python -m bench.run` starts it (headless, bounded in time) with BENCH_SCENARIO naming a JSON file
of the panel, its scored criteria and each member's drafts. Request names match the rows of the
benchmark's table, so its last column reads from here.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_SCENARIO"]).read())  # noqa: SIM115
NEXT_MEMBER = itertools.count()


class PanelMember(HttpUser):
    wait_time = between(2, 5)

    def on_start(self):
        """Arrive already signed in (bench.sessions made the session): the scenario measures
        members at work, not 50 password checks at once."""
        member = PLAN["members"][next(NEXT_MEMBER) % len(PLAN["members"])]
        self.drafts = member["drafts"]
        self.random = random.Random(member["email"])
        self.panel = f"/panels/{PLAN['panel']}"
        self._sendable_cookies()
        host = PLAN["host"]
        self.client.headers.update({"Host": host, "X-Forwarded-Proto": "https", "Origin": f"https://{host}"})
        self.client.cookies.set("sessionid", member["session"], domain=host, path="/")

    def _sendable_cookies(self):
        """The server marks its cookies Secure (it believes the proxy's HTTPS) while we speak plain
        HTTP on loopback: after each request, make the cookies it set sendable."""
        request = self.client.request

        def request_then_keep_cookies(*args, **kwargs):
            response = request(*args, **kwargs)
            for cookie in self.client.cookies:
                cookie.secure = False
            return response

        self.client.request = request_then_keep_cookies

    def _get(self, path: str, name: str):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code}")

    @task(3)
    def panel_page(self):
        self._get(f"{self.panel}/", "10x panel page")

    @task(3)
    def scoring_page(self):
        self._get(f"{self.panel}/applications/{self.random.choice(self.drafts)}/score/", "10x scoring page")

    @task(2)
    def results(self):
        self._get(f"{self.panel}/results/", "10x results")

    @task(1)
    def save_draft(self):
        """Open a scoring page, then keep two scores and a comment as a draft: the answer is a
        redirect to the panel page."""
        path = f"{self.panel}/applications/{self.random.choice(self.drafts)}/score/"
        self._get(path, "10x scoring page")
        first, second = PLAN["criteria"][:2]
        data = {
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            f"score_{first}": str(self.random.randint(0, 4)),
            f"score_{second}": str(self.random.randint(0, 4)),
            f"comment_{first}": "Still thinking about this one.",
            "overall_comment": "",
            "action": "save",
        }
        headers = {"Referer": f"https://{PLAN['host']}{path}"}
        with self.client.post(
            path, data=data, headers=headers, name="10x save draft score", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"saving a draft answered {response.status_code}")
