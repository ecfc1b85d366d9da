"""Public, unauthenticated views: the latest checkpoint and the public key.

They reveal only the log's size, root and signing key, never an event.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from chain_of_custody import signing
from chain_of_custody.checkpoints import latest_checkpoint

TEXT = "text/plain; charset=utf-8"


@require_GET
@cache_control(max_age=60, public=True)
def checkpoint(request: HttpRequest) -> HttpResponse:
    latest = latest_checkpoint()
    if latest is None:
        raise Http404("No checkpoint has been signed yet.")
    return HttpResponse(latest.note, content_type=TEXT)


@require_GET
@cache_control(max_age=3600, public=True)
def public_key(request: HttpRequest) -> HttpResponse:
    try:
        vkey = signing.public_key().vkey
    except signing.SigningKeyError:
        raise Http404("No signing key has been made yet.") from None
    return HttpResponse(vkey + "\n", content_type=TEXT)
