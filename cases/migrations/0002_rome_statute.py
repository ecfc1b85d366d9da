"""Load the Rome Statute crimes catalogue shipped in cases/catalogue/."""

from django.db import migrations


def load(apps, schema_editor):
    from cases.statutes import load_rome_statute

    load_rome_statute(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
