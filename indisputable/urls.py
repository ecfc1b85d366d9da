from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from indisputable.api import api

urlpatterns = [
    path("account/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", api.urls),
    path("custody/", include("chain_of_custody.urls")),
    path("tips/", include("tips.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
