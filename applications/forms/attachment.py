"""The upload form for an application's files.

It only checks that a file was chosen: `services.add_attachment` decides whether it can be
taken (its size, its real type, how many there are), so every refusal reads the same
wherever it comes from.
"""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from commissioning.forms import gds_helper

UPLOAD_HINT = "PDF, Word, Excel, OpenDocument text, PNG or JPEG, up to 10 MB each, up to 5 files"


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text=UPLOAD_HINT,
        # An empty file gets the service's plain message, not Django's.
        allow_empty_file=True,
        error_messages={
            "required": "Choose a file to upload",
            "missing": "Choose a file to upload",
            "invalid": "The file did not arrive. Choose it again.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        # The template owns the <form> and its {% csrf_token %}.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("file"))
