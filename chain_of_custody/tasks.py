"""Scheduled custody work. django-tasks has no scheduler of its own: a cron job or a
systemd timer runs ``manage.py custody checkpoint --if-grown`` (see docs/custody.md),
or enqueues :func:`make_checkpoint` from whatever scheduler a deployment has."""

from django_tasks import TaskResultStatus, task

from chain_of_custody.checkpoints import create_checkpoint


@task()
def make_checkpoint() -> int:
    """Sign the log's head if it grew since the last checkpoint; return its id."""
    return create_checkpoint(if_grown=True).pk


@task()
def verify_log_task(actor_id: int | None, with_fixity: bool = False) -> bool:
    """Verify the whole log (and, ``with_fixity``, re-hash every blob); the outcome is
    recorded as a validation event, which the custody log page lists."""
    from accounts.models import User
    from chain_of_custody.auditing import run_verification

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return run_verification(actor=actor, with_fixity=with_fixity).ok


def verification_pending() -> bool:
    """Whether a verification of the log waits in the task queue or is running.

    Only a queue that keeps its tasks (the database backend, in production) can
    have one; the immediate backend runs each verification as it is asked for.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(verify_log_task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=verify_log_task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exists()
