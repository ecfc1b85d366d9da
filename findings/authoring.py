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
from findings.models import (
    EarlierAssessment,
    FindingExhibit,
    FindingPage,
    RiskIndicator,
    SituationPage,
    StageAssessment,
)
from findings.stages import Stage

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


def draft_situation(
    *,
    index: Page,
    author: User,
    title: str,
    country_or_region: str,
    alert_level: str,
    assessed_on: dt.date,
    summary: str,
    stages: dict[str, tuple[str, str]],
    indicators: list[tuple[str, str, str]] = (),
    earlier: list[tuple[dt.date, str, str]] = (),
    latitude: float | None = None,
    longitude: float | None = None,
    slug: str = "",
) -> SituationPage:
    """A situation saved as a draft; ``stages`` maps each stage to (status, note)."""
    page = SituationPage(
        title=title,
        slug=slug,
        country_or_region=country_or_region,
        alert_level=alert_level,
        assessed_on=assessed_on,
        summary=summary,
        latitude=latitude,
        longitude=longitude,
        live=False,
        locale_id=index.locale_id,
    )
    for stage in Stage:
        if stage.value in stages:
            status, note = stages[stage.value]
            page.stages.add(
                StageAssessment(stage=stage.value, status=status, note=note)
            )
    for name, value, source in indicators:
        page.indicators.add(RiskIndicator(name=name, value=value, source=source))
    for when, level, text in earlier:
        page.earlier_assessments.add(
            EarlierAssessment(assessed_on=when, alert_level=level, summary=text)
        )
    index.add_child(instance=page)
    page.save_revision(user=author)
    return page


def draft_translation(page: Page, *, language: str, author: User, **fields) -> Page:
    """A draft copy of ``page`` in ``language`` with translated ``fields``.

    Exhibits, incidents and stage assessments come along; their texts (alt text,
    captions, notes) are edited in the translation like any other field.
    """
    from wagtail.models import Locale

    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=False
    ).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision(user=author)
    return copy


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
