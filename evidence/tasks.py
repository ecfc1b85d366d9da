"""Background work on evidence, enqueued on commit of intake."""

from django_tasks import task

from evidence.analysis import extract_item_metadata, render_item_derivatives
from evidence.models import EvidenceItem


@task()
def analyse_item(item_id: int) -> None:
    """Extract metadata and make derivatives for a newly ingested item."""
    item = EvidenceItem.objects.select_related("blob").get(pk=item_id)
    extract_item_metadata(item)
    render_item_derivatives(item)
