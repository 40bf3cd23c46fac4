"""Signed-in sessions for the load scenario's members, made the way a sign-in makes them
(`django.contrib.auth.login`, through the test client's `force_login`), so that 50 password
hashes (about 0.4 s of CPU each) do not land on the server while it is being measured.

    python -m bench.sessions FILE   # writes {"email": "session key", …} for the ten-times panel
"""

import json
import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.make_data import MEMBERS, member_email
    from commissioning.models import User

    keys = {}
    for user in User.objects.filter(email__in=[member_email(n) for n in range(1, MEMBERS + 1)]):
        client = Client()
        client.force_login(user)
        keys[user.email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    Path(sys.argv[1]).write_text(json.dumps(keys))


if __name__ == "__main__":
    main()
