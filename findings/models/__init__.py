"""Public pages: findings, situations and their exhibits; the publication task."""

from findings.models.exhibits import FindingCorrection, FindingExhibit, FindingIncident
from findings.models.pages import (
    FindingPage,
    FindingsIndexPage,
    HomePage,
    SituationPage,
    SituationsIndexPage,
)
from findings.models.situations import (
    EarlierAssessment,
    RiskIndicator,
    StageAssessment,
)
from findings.models.workflow import SecondPersonApprovalTask

__all__ = [
    "EarlierAssessment",
    "FindingCorrection",
    "FindingExhibit",
    "FindingIncident",
    "FindingPage",
    "FindingsIndexPage",
    "HomePage",
    "RiskIndicator",
    "SecondPersonApprovalTask",
    "SituationPage",
    "SituationsIndexPage",
    "StageAssessment",
]
