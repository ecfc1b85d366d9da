"""Putting a finding or situation live: the checks, and the custody record.

A reviewed page goes live only when a Publisher other than its author approved the
very revision being published (the Wagtail workflow's ``SecondPersonApprovalTask``),
whichever way it is published: the workflow, the Publish button, a schedule. A
finding's exhibits must each be an approved public version with alternative text
whose bytes still match their hash and carry no metadata. Once live, every
exhibit's item gets a dissemination event in the same transaction.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import Page, TaskState

from accounts.roles import PUBLISHERS
from chain_of_custody import events
from evidence.models import Derivative
from storage.reading import open_blob

if TYPE_CHECKING:
    from accounts.models import User
    from findings.models import FindingExhibit


class PublicationRefused(PermissionDenied):
    """The page may not go live; the message says why."""


def is_publisher(user: User) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=PUBLISHERS).exists()
    )


def second_approver(page: Page, revision) -> User:
    """The Publisher, not the author, who approved ``revision`` in a workflow."""
    approvals = TaskState.objects.filter(
        revision=revision,
        status=TaskState.STATUS_APPROVED,
        finished_by__isnull=False,
    ).select_related("finished_by", "workflow_state")
    for state in approvals:
        approver = state.finished_by
        authors = {revision.user_id, state.workflow_state.requested_by_id}
        if approver.pk not in authors and is_publisher(approver):
            return approver
    raise PublicationRefused(
        f"“{page.title}” cannot go live before a Publisher other than its author "
        "approves this revision (submit it for moderation)."
    )


def exhibit_problems(exhibit: FindingExhibit, number: int) -> list[str]:
    """Why this exhibit may not be published; empty when it may."""
    derivative = exhibit.derivative
    label = f"Exhibit {number}"
    problems = []
    if not exhibit.alt_text.strip():
        problems.append(f"{label} needs alternative text.")
    if derivative.kind != Derivative.Kind.PUBLIC:
        problems.append(f"{label} is not a public version.")
    if derivative.approved_by_id is None:
        problems.append(f"{label} is a version nobody has approved yet.")
    if problems:
        return problems
    from evidence.redaction import verify_no_metadata

    with open_blob(derivative.blob) as source:
        data = source.stream.read()
    if hashlib.sha256(data).hexdigest() != derivative.blob.sha256:
        problems.append(f"{label}: the stored file does not match its SHA-256.")
    found = verify_no_metadata(data)
    if found:
        problems.append(f"{label} carries metadata: {'; '.join(found)}.")
    return problems


def check_exhibits(exhibits: list[FindingExhibit]) -> None:
    problems = [
        problem
        for number, exhibit in enumerate(exhibits, start=1)
        for problem in exhibit_problems(exhibit, number)
    ]
    if problems:
        raise PublicationRefused(" ".join(problems))


def check_stages(content) -> None:
    """A situation is assessed on each of the Ten Stages, each with its evidence."""
    from findings.stages import Stage

    assessed = {a.stage for a in content.stages.all() if a.note.strip()}
    missing = [str(stage.label) for stage in Stage if stage.value not in assessed]
    if missing:
        raise PublicationRefused(
            "A situation needs an assessment of each of the Ten Stages; missing: "
            + ", ".join(missing)
            + "."
        )


def publish_reviewed(*, page: Page, revision, user: User | None, publish, **kwargs):
    """Run the checks, publish ``revision`` with Wagtail's ``publish``, record it."""
    with transaction.atomic():
        approver = second_approver(page, revision)
        content = revision.as_object()
        exhibits = list(
            content.exhibits.select_related("derivative__blob", "derivative__item")
            if hasattr(content, "exhibits")
            else []
        )
        check_exhibits(exhibits)
        if hasattr(content, "stages"):
            check_stages(content)
        result = publish(revision, user=user, **kwargs)
        if Page.objects.filter(pk=page.pk, live=True).exists():
            where = content.url_path
            for exhibit in exhibits:
                events.record_dissemination(
                    item=exhibit.derivative.item,
                    actor=user or approver,
                    blob=exhibit.derivative.blob,
                    where=f"public page {where} (page {page.pk})",
                )
    return result
