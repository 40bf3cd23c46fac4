"""The criteria group's screens, invitations and the public round page."""


def invitation_accept(request, **kwargs):
    raise NotImplementedError("invitation_accept: being built")


def criterion_detail(request, **kwargs):
    raise NotImplementedError("criterion_detail: being built")


def criterion_respond(request, **kwargs):
    raise NotImplementedError("criterion_respond: being built")


def criterion_comment(request, **kwargs):
    raise NotImplementedError("criterion_comment: being built")


def criterion_withdraw(request, **kwargs):
    raise NotImplementedError("criterion_withdraw: being built")


def wording_suggest(request, **kwargs):
    raise NotImplementedError("wording_suggest: being built")


def wording_decide(request, **kwargs):
    raise NotImplementedError("wording_decide: being built")


def round_detail(request, **kwargs):
    raise NotImplementedError("round_detail: being built")


def criteria_list(request, **kwargs):
    raise NotImplementedError("criteria_list: being built")


def criterion_propose(request, **kwargs):
    raise NotImplementedError("criterion_propose: being built")


def criteria_rounds(request, **kwargs):
    raise NotImplementedError("criteria_rounds: being built")
