from wagtail import hooks

from cases.views import CasesViewSet


@hooks.register("register_admin_viewset")
def register_cases_viewset():
    return CasesViewSet()
