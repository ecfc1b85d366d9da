from wagtail import hooks

from cases.exports.views import ExportsViewSet


@hooks.register("register_admin_viewset")
def register_exports_viewset():
    return ExportsViewSet()
