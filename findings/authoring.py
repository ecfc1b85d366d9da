"""Writing and reviewing public pages in code, the way the Wagtail editor does.

The demo, the tests and the benchmark build pages through these; editors do the
same through the admin (docs/publishing.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from wagtail.models import Page, WorkflowState

from evidence.models import Derivative
from findings.models import FindingExhibit, FindingPage

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Exhibit:
    derivative: Derivative
    alt_text: str
    caption: str = ""


def draft_finding(
    *,
    index: Page,
    author: User,
    title: str,
    summary: str,
    publication_date: dt.date,
    methodology: str,
    narrative: list[tuple[str, str]] = (),
    exhibits: list[Exhibit] = (),
    slug: str = "",
) -> FindingPage:
    """A finding saved as a draft under ``index``, its first revision by ``author``."""
    page = FindingPage(
        title=title,
        slug=slug,
        summary=summary,
        publication_date=publication_date,
        methodology=methodology,
        narrative=list(narrative),
        live=False,
        locale_id=index.locale_id,
    )
    for exhibit in exhibits:
        page.exhibits.add(
            FindingExhibit(
                derivative=exhibit.derivative,
                alt_text=exhibit.alt_text,
                caption=exhibit.caption,
            )
        )
    index.add_child(instance=page)
    page.save_revision(user=author)
    return page


def submit_for_review(page: Page, user: User) -> WorkflowState:
    """Send the page's latest revision to its workflow (the publication task)."""
    workflow = page.get_workflow()
    if workflow is None:
        raise PermissionDenied(f"“{page.title}” has no publication workflow.")
    return workflow.start(page, user)


def review(page: Page, user: User, *, action: str = "approve", comment: str = ""):
    """Approve (or ``reject``) the task the page waits on, as ``user``."""
    page = type(page).objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise PermissionDenied(f"“{page.title}” is not awaiting review.")
    task = task_state.task.specific
    if action not in {name for name, _, _ in task.get_actions(page, user)}:
        raise PermissionDenied(f"{user} may not {action} “{page.title}”.")
    return task.on_action(task_state.specific, user, action, comment=comment)
