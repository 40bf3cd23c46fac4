"""Staff set up panels: create them, invite members, give them applications, follow progress."""


def panel_setup(request, **kwargs):
    raise NotImplementedError("panel_setup: being built")


def panel_manage(request, **kwargs):
    raise NotImplementedError("panel_manage: being built")


def member_invite(request, **kwargs):
    raise NotImplementedError("member_invite: being built")


def applications_assign(request, **kwargs):
    raise NotImplementedError("applications_assign: being built")
