"""Language selection, for the public pages only."""

from django.middleware.locale import LocaleMiddleware


class PublicLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that only the site root is redirected to a
    language (``/`` to ``/en/``): any other 404 stays a 404.

    Django redirects a 404 to the same path under the language prefix whenever that
    path is valid, and the public pages' catch-all makes every prefixed path valid:
    a refused read of evidence would answer 302 to /en/admin/..., breaking the rule
    that a refused read answers 404, and every missing page would redirect to
    another missing page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info != "/":
            return response
        return super().process_response(request, response)
