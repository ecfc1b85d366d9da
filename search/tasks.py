"""Background indexing, enqueued on commit of every change to an indexed object."""

from django_tasks import task

from search import indexing


@task()
def index_objects_task(kind: str, object_ids: list[int]) -> int:
    """Re-index these objects of one kind (``evidence``, ``case``, ``person``...)."""
    return indexing.index_objects(kind, object_ids)
