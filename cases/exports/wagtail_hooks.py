from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_exports_viewset():
    from cases.exports.views import ExportsViewSet  # not at start-up

    return ExportsViewSet()
