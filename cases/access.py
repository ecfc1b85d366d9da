"""Who may see and do what in a case. Every case view, API endpoint, export and
operation asks here.

Only a case's team sees the case and everything in it (actors, incidents, charges,
links, witnesses). To anyone else a case does not exist: every refusal to read
answers 404. A team member who may read but not do something gets ``AccessDenied``
with a message meant for them. Evidence items stay under ``evidence/access.py``: a
link shows an item's reference only to those who may see the item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from cases.models import Case, CaseMember, CaseRole
from evidence.access import AccessDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from accounts.models import User

__all__ = ["AccessDenied"]

EDITING_ROLES = {
    CaseRole.LEAD,
    CaseRole.LAWYER,
    CaseRole.ANALYST,
    CaseRole.INVESTIGATOR,
}
WITNESS_ROLES = {CaseRole.LEAD, CaseRole.WITNESS_PROTECTION}


def _is_staff_user(user: User | AnonymousUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_create_case(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_perm("cases.add_case")


def visible_cases(user: User | AnonymousUser) -> QuerySet[Case]:
    """The cases whose team the user is on; the base of every case listing.

    A case-scoped API token (``user.token_cases``, see accounts/tokens.py) narrows
    them to its cases."""
    if not _is_staff_user(user):
        return Case.objects.none()
    cases = Case.objects.filter(members__user=user)
    token_cases = getattr(user, "token_cases", None)
    if token_cases is not None:
        cases = cases.filter(pk__in=token_cases)
    return cases


def role_in(user: User | AnonymousUser, case: Case) -> str | None:
    if not _is_staff_user(user):
        return None
    token_cases = getattr(user, "token_cases", None)
    if token_cases is not None and case.pk not in token_cases:
        return None
    return (
        CaseMember.objects.filter(case=case, user=user)
        .values_list("role", flat=True)
        .first()
    )


def get_visible_case(user: User | AnonymousUser, **lookup: object) -> Case:
    """The case matching ``lookup`` if the user is on its team; 404 otherwise."""
    case = visible_cases(user).select_related("statute").filter(**lookup).first()
    if case is None:
        raise Http404("No such case.")
    return case


def require_member(user: User | AnonymousUser, case: Case) -> str:
    """The user's role on the case; 404 for anyone not on the team."""
    role = role_in(user, case)
    if role is None:
        raise Http404("No such case.")
    return role


def can_edit(user: User | AnonymousUser, case: Case) -> bool:
    return role_in(user, case) in EDITING_ROLES


def require_edit(user: User | AnonymousUser, case: Case) -> None:
    if require_member(user, case) not in EDITING_ROLES:
        raise AccessDenied("your role on this case does not allow changes")


def require_lead(user: User | AnonymousUser, case: Case) -> None:
    if require_member(user, case) != CaseRole.LEAD:
        raise AccessDenied("only the case lead may change the team")


def can_read_witness_identity(user: User | AnonymousUser, case: Case) -> bool:
    """On the team and holding the designated permission (the Witness protection
    role); nobody else, whatever their role on the case."""
    return role_in(user, case) is not None and user.has_perm(
        "cases.read_witnessidentity"
    )


def can_record_witness_identity(user: User | AnonymousUser, case: Case) -> bool:
    return role_in(user, case) is not None and user.has_perm(
        "cases.record_witnessidentity"
    )
