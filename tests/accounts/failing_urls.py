"""The project's routes plus one that fails, to see the headers of a 500."""

from django.urls import path

from indisputable.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [path("broken/", broken), *project_urlpatterns]
