"""Public views: exhibit files. Pages themselves are served by Wagtail."""

from django.http import Http404
from django.views.decorators.http import require_safe

from findings.exhibits import exhibit_response, extension_for, public_derivative


@require_safe
def exhibit(request, pk: int, sha256: str, ext: str):
    """An exhibit's public file; 404 for anything not on a live finding page."""
    derivative = public_derivative(pk=pk, sha256=sha256.lower())
    if ext != extension_for(derivative):
        raise Http404("No such public exhibit.")
    return exhibit_response(derivative)
