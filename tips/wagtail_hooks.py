from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from tips import access


class TipsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return access.can_handle_tips(request.user)


@hooks.register("register_admin_urls")
def register_tips_urls():
    from tips import admin_views  # not at start-up: commands need no views

    return [
        path("tips/", admin_views.index, name="tips_inbox"),
        path("tips/<int:tip_id>/", admin_views.detail, name="tips_detail"),
        path("tips/<int:tip_id>/reply/", admin_views.reply, name="tips_reply"),
        path(
            "tips/<int:tip_id>/part/<int:index>/download/",
            admin_views.download,
            name="tips_download",
        ),
        path(
            "tips/<int:tip_id>/part/<int:index>/promote/",
            admin_views.promote,
            name="tips_promote",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_tips_menu_item():
    return TipsMenuItem(
        gettext_lazy("Tips inbox"), reverse("tips_inbox"), icon_name="mail", order=150
    )
