from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from indisputable.api import api

urlpatterns = [
    path("account/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", api.urls),
    path("custody/", include("chain_of_custody.urls")),
    path("exhibits/", include("findings.urls")),
    path("tips/", include("tips.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# The public pages and their feeds, under a language prefix (/en/, /fr/, /es/, /ar/).
urlpatterns += i18n_patterns(
    path("feeds/", include("findings.feed_urls")),
    path("", include(wagtail_urls)),
)
