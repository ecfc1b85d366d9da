from django.db import migrations

from chain_of_custody import triggers


def create_head(apps, schema_editor):
    apps.get_model("chain_of_custody", "CustodyHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("chain_of_custody", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(
            triggers.installer(triggers.EVENT_TABLES),
            triggers.remover(triggers.EVENT_TABLES),
        ),
    ]
