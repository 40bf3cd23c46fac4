"""A panel member's screens: panels, induction, declaring interests, reading and scoring, results."""


def panel_list(request, **kwargs):
    raise NotImplementedError("panel_list: being built")


def panel_detail(request, **kwargs):
    raise NotImplementedError("panel_detail: being built")


def invitation_answer(request, **kwargs):
    raise NotImplementedError("invitation_answer: being built")


def induction_module(request, **kwargs):
    raise NotImplementedError("induction_module: being built")


def interest_declare(request, **kwargs):
    raise NotImplementedError("interest_declare: being built")


def application_read(request, **kwargs):
    raise NotImplementedError("application_read: being built")


def application_score(request, **kwargs):
    raise NotImplementedError("application_score: being built")


def panel_results(request, **kwargs):
    raise NotImplementedError("panel_results: being built")
