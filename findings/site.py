"""The public site's skeleton: locales, home and index pages, the two-person workflow.

``ensure_public_site`` runs after every migrate (and after a test database flush,
which also sends ``post_migrate``); it only creates what is missing.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import PUBLISHERS
from findings.models import (
    FindingsIndexPage,
    HomePage,
    SecondPersonApprovalTask,
    SituationsIndexPage,
)

WORKFLOW_NAME = "Two-person publication"
TASK_NAME = "A second Publisher approves"
PUBLISHER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

TITLES = {
    "home": {
        "en": "Indisputable",
        "fr": "Indisputable",
        "es": "Indiscutible",
        "ar": "لا جدال فيه",
    },
    "findings": {
        "en": "Findings",
        "fr": "Constatations",
        "es": "Conclusiones",
        "ar": "النتائج",
    },
    "situations": {
        "en": "Situations",
        "fr": "Situations",
        "es": "Situaciones",
        "ar": "الأوضاع",
    },
}


def on_post_migrate(sender, **kwargs) -> None:
    ensure_public_site()


def ensure_locales() -> list[Locale]:
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES
    ]


def _root(default: Locale) -> Page:
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=default))
    return root


def _remove_welcome_page(root: Page) -> None:
    """Wagtail's placeholder home page, if nobody has built on it."""
    for page in root.get_children():
        if page.specific_class is Page and page.numchild == 0:
            Site.objects.filter(root_page=page).delete()
            page.delete()


def _live_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page: Page, locale: Locale, title: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.title = title
    copy.save_revision().publish()
    return copy


@transaction.atomic
def ensure_public_site() -> HomePage:
    """The home page at the default site's root, its indexes, in every language."""
    locales = ensure_locales()
    default = Locale.get_default()
    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        root = _root(default)
        _remove_welcome_page(root)
        home = _live_child(
            root,
            HomePage(title=TITLES["home"]["en"], slug="home", locale=default),
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    indexes = []
    for key, model in (
        ("findings", FindingsIndexPage),
        ("situations", SituationsIndexPage),
    ):
        index = model.objects.child_of(home).first()
        if index is None:
            index = _live_child(
                home, model(title=TITLES[key]["en"], slug=key, locale=default)
            )
        indexes.append((key, index))
    homes = [home]
    for locale in locales:
        if locale.pk == default.pk:
            continue
        code = locale.language_code
        homes.append(_translate(home, locale, TITLES["home"][code]))
        for key, index in indexes:
            _translate(index, locale, TITLES[key][code])
    ensure_publication_workflow(homes)
    return home


def ensure_publication_workflow(homes: list[Page]) -> Workflow:
    """Findings and situations go live only after a second Publisher approves."""
    create_permissions(apps.get_app_config("wagtailcore"), verbosity=0)
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    task = SecondPersonApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SecondPersonApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(publishers)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for home in homes:
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
        for codename in PUBLISHER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=publishers,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return workflow
