from wagtail import hooks

# The views are imported inside the hooks, not when Wagtail imports this module at
# start-up: management commands need none of them.


@hooks.register("register_admin_viewset")
def register_cases_viewset():
    from cases.views import CasesViewSet

    return CasesViewSet()


@hooks.register("register_admin_viewset")
def register_choosers():
    from cases.choosers import incident_chooser, item_chooser, person_chooser

    return [person_chooser, incident_chooser, item_chooser]
