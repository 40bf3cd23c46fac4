"""An application: its task list, sections, answers, check, submit and withdraw."""


def application_detail(request, **kwargs):
    raise NotImplementedError("application_detail: being built")


def application_project(request, **kwargs):
    raise NotImplementedError("application_project: being built")


def application_section(request, **kwargs):
    raise NotImplementedError("application_section: being built")


def application_check(request, **kwargs):
    raise NotImplementedError("application_check: being built")


def application_submit(request, **kwargs):
    raise NotImplementedError("application_submit: being built")


def application_confirmation(request, **kwargs):
    raise NotImplementedError("application_confirmation: being built")


def application_withdraw(request, **kwargs):
    raise NotImplementedError("application_withdraw: being built")


def draft_compare(request, **kwargs):
    raise NotImplementedError("draft_compare: being built")
