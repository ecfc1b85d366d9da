"""The signed-in user's own API tokens: listed, and revocable, in the workspace."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.models import APIToken

from accounts import tokens


def token_list(request):
    rows = [(t, tokens.policy_of(t)) for t in tokens.tokens_of(request.user)]
    return TemplateResponse(request, "accounts/tokens.html", {"rows": rows})


@require_POST
def revoke(request, prefix: str):
    try:
        token = tokens.revoke_token(user=request.user, prefix=prefix)
    except APIToken.DoesNotExist as exc:
        raise Http404("No such token of yours.") from exc
    messages.success(request, f"Token “{token.name}” is revoked.")
    return redirect("account_tokens")
