"""The staff workspace warns of quarantined copies on every admin page."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component

from storage.repairs import open_quarantines


def _context() -> dict:
    quarantines = list(open_quarantines().select_related("blob")[:20])
    return {
        "quarantines": quarantines,
        "unrepaired": sum(1 for q in quarantines if q.repaired_at is None),
    }


@hooks.register("insert_global_admin_js")
def fixity_banner() -> str:
    context = _context()
    if not context["quarantines"]:
        return ""
    return render_to_string("storage/fixity_banner.html", context)


class QuarantinePanel(Component):
    name = "storage_quarantines"
    order = 50
    template_name = "storage/quarantine_panel.html"

    def get_context_data(self, parent_context=None) -> dict:
        return _context()


@hooks.register("construct_homepage_panels")
def add_quarantine_panel(request, panels) -> None:
    if open_quarantines().exists():
        panels.insert(0, QuarantinePanel())
