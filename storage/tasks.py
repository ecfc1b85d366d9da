"""Background storage work.

``replicate_blob`` is enqueued on commit of intake. django-tasks has no scheduler:
a cron job or a systemd timer runs ``manage.py storage replicate`` and
``manage.py storage fixity`` (see docs/storage.md), or a deployment's own scheduler
enqueues :func:`replicate_pending` and :func:`fixity_audit`.
"""

from django_tasks import task

from storage import fixity, replication


@task()
def replicate_blob(blob_id: int) -> int:
    """Copy one blob to every replica lacking it; return how many copies failed."""
    from evidence.models import Blob

    blob = Blob.objects.get(pk=blob_id)
    return replication.replicate_blob(blob).failed


@task()
def replicate_pending() -> int:
    """Catch up with replicas that were down; return how many copies were made."""
    return replication.replicate_pending().copied


@task()
def fixity_audit() -> int:
    """Re-hash the copies that are due; return how many failed."""
    return len(fixity.run_fixity_audit().failed)
