"""Organisations: registering, colleagues, and the applicant's list of applications."""


def organisation_register(request, **kwargs):
    raise NotImplementedError("organisation_register: being built")


def organisation_detail(request, **kwargs):
    raise NotImplementedError("organisation_detail: being built")


def organisation_edit(request, **kwargs):
    raise NotImplementedError("organisation_edit: being built")


def colleague_invite(request, **kwargs):
    raise NotImplementedError("colleague_invite: being built")


def invitation_accept(request, **kwargs):
    raise NotImplementedError("invitation_accept: being built")


def application_list(request, **kwargs):
    raise NotImplementedError("application_list: being built")


def application_start(request, **kwargs):
    raise NotImplementedError("application_start: being built")
