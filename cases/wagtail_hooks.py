from wagtail import hooks

from cases.choosers import incident_chooser, item_chooser, person_chooser
from cases.views import CasesViewSet


@hooks.register("register_admin_viewset")
def register_cases_viewset():
    return CasesViewSet()


@hooks.register("register_admin_viewset")
def register_choosers():
    return [person_chooser, incident_chooser, item_chooser]
