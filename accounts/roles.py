"""Staff roles as groups of permissions.

Investigators collect and submit evidence; Analysts (legal staff) build cases on it;
Publishers put approved, redacted derivatives on public pages; Auditors read the
custody record of every item and run verification, but never open an item's
content; Administrators manage accounts and read the security log, and open no
evidence either. What a member may do inside one case is the case role
(cases.models.Membership); which items anyone sees is evidence/access.py.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

AUDITORS = "Auditors"
ADMINISTRATORS = "Administrators"
PUBLISHERS = "Publishers"

ROLES: dict[str, list[str]] = {
    "Investigators": [
        "wagtailadmin.access_admin",
        "evidence.add_evidenceitem",
        "evidence.view_evidenceitem",
        "evidence.download_original",
        "evidence.change_protection",
    ],
    "Analysts": [
        "wagtailadmin.access_admin",
        "evidence.view_evidenceitem",
        "evidence.download_original",
        "evidence.change_protection",
        "evidence.approve_redaction",
        "cases.add_case",
    ],
    PUBLISHERS: [
        "wagtailadmin.access_admin",
        "evidence.view_evidenceitem",
        "evidence.approve_redaction",
    ],
    AUDITORS: [
        "wagtailadmin.access_admin",
        "chain_of_custody.view_custodyevent",
    ],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "accounts.view_securityevent",
        "auth.view_group",
        "auth.change_group",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
    ],
    "Tips inbox": [
        "wagtailadmin.access_admin",
        "tips.handle_tips",
    ],
    "Witness protection": [
        "wagtailadmin.access_admin",
        "evidence.view_evidenceitem",
        "evidence.view_witness_identifying",
        "cases.read_witnessidentity",
        "cases.record_witnessidentity",
    ],
}


def ensure_roles() -> dict[str, Group]:
    """Create or refresh the role groups; safe to run any number of times."""
    # Apps' permissions appear on post_migrate one app at a time; make sure the
    # ones the roles need exist whichever app's signal runs this.
    for app_label in {perm.split(".")[0] for perms in ROLES.values() for perm in perms}:
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    groups = {}
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
        groups[name] = group
    return groups
