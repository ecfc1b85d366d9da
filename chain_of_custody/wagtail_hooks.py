from django.urls import path
from wagtail import hooks

from chain_of_custody import views


@hooks.register("register_admin_urls")
def register_custody_urls():
    return [
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
