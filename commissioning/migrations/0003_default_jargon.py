from django.db import migrations

# The list staff start with (a copy: migrations must not change when the code does).
DEFAULT_JARGON = [
    ("utilise", "use"),
    ("stakeholders", "people involved"),
    ("facilitate", "help"),
    ("leverage", "use"),
    ("deliverables", "what you will do"),
    ("outcomes framework", "what you want to change"),
    ("capacity building", "helping groups grow"),
    ("commence", "start"),
    ("in order to", "to"),
    ("prior to", "before"),
    ("going forward", "from now on"),
    ("robust", "strong"),
    ("synergy", "working together"),
    ("signpost", "point people to"),
    ("beneficiaries", "people who will benefit"),
    ("sustainability", "how it will carry on"),
    ("evidence base", "proof"),
    ("ascertain", "find out"),
]


def load(apps, schema_editor):
    JargonTerm = apps.get_model("commissioning", "JargonTerm")
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0002_rounds_and_criteria")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
