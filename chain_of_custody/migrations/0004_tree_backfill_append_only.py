from django.db import migrations

from chain_of_custody import triggers
from chain_of_custody.merkle import CompactRange

SUBTREE_MIN_LEVEL = 4  # as in chain_of_custody.models when this was written


def backfill_tree(apps, schema_editor):
    """Store the subtrees and border of a log that predates them."""
    head_model = apps.get_model("chain_of_custody", "CustodyHead")
    event_model = apps.get_model("chain_of_custody", "CustodyEvent")
    subtree_model = apps.get_model("chain_of_custody", "CustodySubtree")
    compact = CompactRange()
    batch = []
    hashes = event_model.objects.order_by("seq").values_list("leaf_hash", flat=True)
    for value in hashes.iterator(chunk_size=10_000):
        for level, index, node in compact.append(bytes.fromhex(value)):
            if level >= SUBTREE_MIN_LEVEL:
                batch.append(subtree_model(level=level, index=index, hash=node.hex()))
        if len(batch) >= 10_000:
            subtree_model.objects.bulk_create(batch)
            batch = []
    subtree_model.objects.bulk_create(batch)
    border = "".join(node.hex() for _level, _index, node in compact.border)
    head_model.objects.filter(pk=1).update(size=compact.size, border=border)


class Migration(migrations.Migration):
    dependencies = [("chain_of_custody", "0003_ledger_tree")]

    operations = [
        migrations.RunPython(backfill_tree, migrations.RunPython.noop),
        migrations.RunPython(
            triggers.installer(triggers.TREE_TABLES),
            triggers.remover(triggers.TREE_TABLES),
        ),
    ]
