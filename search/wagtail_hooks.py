from wagtail import hooks

from search.views import SearchViewSet


@hooks.register("register_admin_viewset")
def register_search_viewset():
    return SearchViewSet()
