"""Staff check submitted applications against the must-have criteria."""


def eligibility_list(request, **kwargs):
    raise NotImplementedError("eligibility_list: being built")


def eligibility_check(request, **kwargs):
    raise NotImplementedError("eligibility_check: being built")
