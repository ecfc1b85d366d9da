from wagtail import hooks

from accounts.security_log import SecurityLogViewSet


@hooks.register("register_admin_viewset")
def register_security_log():
    return SecurityLogViewSet()
