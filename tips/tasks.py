"""Scheduled tip work: a cron job or timer runs ``manage.py tips purge`` daily, or
enqueues :func:`purge_expired_tips` from whatever scheduler a deployment has."""

from django_tasks import task

from tips.retention import purge_expired


@task()
def purge_expired_tips() -> int:
    """Delete tips past the retention period; return how many."""
    return purge_expired().tips
