"""Parts that other apps add to core pages, so the core's templates know nothing of them.

A core template names a place (`{% page_parts "round_manage" %}`); an app registers, in its
`AppConfig.ready()`, the templates it adds there (`register("round_manage", "panels/...html")`).
Each part is rendered with the page's own context and decides for itself, from the round's stage
and the policy, whether it shows anything. The places:

- "round_manage": the staff round page, before "Moving to the next stage";
- "round_public": the public round page, after the money;
- "application_status": an applicant's application page, after its status;
- "navigation": the menu on every page, after "Your applications" (each part one menu item,
  `includes/nav_item.html`, shown only to people it is for).
"""

from collections import defaultdict

PLACES = {"round_manage", "round_public", "application_status", "navigation"}

_parts: dict[str, list[str]] = defaultdict(list)


def register(place: str, template_name: str) -> None:
    if place not in PLACES:
        raise ValueError(f"No place called {place!r} on the core pages: choose one of {sorted(PLACES)}")
    if template_name not in _parts[place]:
        _parts[place].append(template_name)


def templates_for(place: str) -> list[str]:
    if place not in PLACES:
        raise ValueError(f"No place called {place!r} on the core pages")
    return list(_parts[place])
