"""Scheduled custody work. django-tasks has no scheduler of its own: a cron job or a
systemd timer runs ``manage.py custody checkpoint --if-grown`` (see docs/custody.md),
or enqueues :func:`make_checkpoint` from whatever scheduler a deployment has."""

from django_tasks import task

from chain_of_custody.checkpoints import create_checkpoint


@task()
def make_checkpoint() -> int:
    """Sign the log's head if it grew since the last checkpoint; return its id."""
    return create_checkpoint(if_grown=True).pk
