"""``manage.py rebuild_search_index``: re-index every item and record, with progress."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every evidence item, case, person, unit and "
        "incident, in batches, showing progress."
    )

    def handle(self, *args, **options):
        bars: dict[str, tqdm] = {}

        def progress(kind: str, done: int, total: int) -> None:
            bar = bars.get(kind)
            if bar is None:
                bar = bars[kind] = tqdm(
                    total=total, desc=kind, unit=" objects", file=self.stderr._out
                )
            bar.update(done - bar.n)

        counts = indexing.rebuild(progress)
        for bar in bars.values():
            bar.close()
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"Indexed {summary}.")
