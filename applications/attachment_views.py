"""Files attached to an application: uploaded, listed, downloaded only by those allowed."""


def attachment_list(request, **kwargs):
    raise NotImplementedError("attachment_list: being built")


def attachment_download(request, **kwargs):
    raise NotImplementedError("attachment_download: being built")


def attachment_remove(request, **kwargs):
    raise NotImplementedError("attachment_remove: being built")
