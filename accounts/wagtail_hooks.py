from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_viewset")
def register_security_log():
    from accounts.security_log import SecurityLogViewSet  # not at start-up

    return SecurityLogViewSet()


@hooks.register("register_admin_urls")
def register_token_urls():
    from accounts import token_pages

    return [
        path("account/tokens/", token_pages.token_list, name="account_tokens"),
        path(
            "account/tokens/<str:prefix>/revoke/",
            token_pages.revoke,
            name="account_token_revoke",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_token_menu_item():
    url = reverse("account_tokens")
    return MenuItem("API tokens", url, icon_name="key", order=9000)
