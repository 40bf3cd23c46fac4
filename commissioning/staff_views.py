"""Staff screens: programmes, rounds, timeline, questions, the criteria group, moving a round on."""


def round_list(request, **kwargs):
    raise NotImplementedError("round_list: being built")


def programme_create(request, **kwargs):
    raise NotImplementedError("programme_create: being built")


def programme_edit(request, **kwargs):
    raise NotImplementedError("programme_edit: being built")


def round_create(request, **kwargs):
    raise NotImplementedError("round_create: being built")


def round_manage(request, **kwargs):
    raise NotImplementedError("round_manage: being built")


def round_edit(request, **kwargs):
    raise NotImplementedError("round_edit: being built")


def round_timeline(request, **kwargs):
    raise NotImplementedError("round_timeline: being built")


def round_advance(request, **kwargs):
    raise NotImplementedError("round_advance: being built")


def question_list(request, **kwargs):
    raise NotImplementedError("question_list: being built")


def question_create(request, **kwargs):
    raise NotImplementedError("question_create: being built")


def question_edit(request, **kwargs):
    raise NotImplementedError("question_edit: being built")


def question_remove(request, **kwargs):
    raise NotImplementedError("question_remove: being built")


def criteria_group(request, **kwargs):
    raise NotImplementedError("criteria_group: being built")


def criteria_group_remind(request, **kwargs):
    raise NotImplementedError("criteria_group_remind: being built")


def jargon_list(request, **kwargs):
    raise NotImplementedError("jargon_list: being built")


def jargon_remove(request, **kwargs):
    raise NotImplementedError("jargon_remove: being built")
