"""The full-text index of each database and the hash-prefix indexes."""

from django.db import migrations

from search import fulltext


def install(apps, schema_editor):
    for statement in fulltext.install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in fulltext.remove_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("evidence", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
