from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

# Views are imported inside the hooks: every app's wagtail_hooks is imported at
# start-up (Wagtail looks for snippets), and the views pull in reportlab and the
# PDF report, which a management command such as export_case never needs.


@hooks.register("register_admin_urls")
def register_custody_urls():
    from chain_of_custody import views

    return [
        path("custody/", views.log_overview, name="custody_log"),
        path("custody/verify/", views.verify_now, name="custody_verify"),
        path(
            "custody/items/<str:reference>/",
            views.item_report,
            name="custody_item_report",
        ),
        path(
            "custody/items/<str:reference>/pdf/",
            views.item_report_pdf,
            name="custody_item_report_pdf",
        ),
    ]


class AuditorMenuItem(MenuItem):
    def is_shown(self, request):
        from evidence.access import can_audit_custody

        return can_audit_custody(request.user)


@hooks.register("register_admin_menu_item")
def register_custody_menu_item():
    return AuditorMenuItem(
        "Custody log", reverse("custody_log"), icon_name="list-ol", order=8000
    )
