"""Language selection, for the public pages only."""

from django.middleware.locale import LocaleMiddleware

# The routes outside i18n_patterns in indisputable/urls.py.
UNPREFIXED = ("/account/", "/admin/", "/api/", "/custody/", "/exhibits/", "/tips/")


class PublicLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 of a staff, API, custody or tip
    route stays a 404.

    Django redirects a 404 to the same path under the language prefix when that
    path is valid, and the public pages' catch-all makes every prefixed path valid:
    a refused read of evidence would answer 302 to /en/admin/..., which breaks the
    rule that a refused read answers 404 and sends staff to a page that is not there.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
