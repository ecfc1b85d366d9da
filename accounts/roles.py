"""Staff roles as groups of permissions."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

ROLES: dict[str, list[str]] = {
    "Investigators": [
        "wagtailadmin.access_admin",
        "evidence.add_evidenceitem",
        "evidence.view_evidenceitem",
        "evidence.download_original",
    ],
    "Analysts": [
        "wagtailadmin.access_admin",
        "evidence.view_evidenceitem",
        "evidence.download_original",
        "cases.add_case",
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
