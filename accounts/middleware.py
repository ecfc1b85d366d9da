"""Staff pages need both factors: a password alone reaches only the 2FA pages."""

from django.shortcuts import redirect
from django.urls import reverse

from accounts.second_factor import has_second_factor

# Paths a signed-in user without a verified second factor may still reach.
OPEN_PREFIXES = (
    "/account/2fa/",
    "/admin/logout/",
    "/admin/login/",
    # The admin's icon sprite and translations, which its login page loads too.
    "/admin/sprite/",
    "/admin/jsi18n/",
    "/static/",
)
STAFF_PREFIXES = ("/admin/",)


class RequireSecondFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        # The path first: reading request.user opens the session, which would mark
        # every public page as varying by cookie and spoil caching.
        if (
            path.startswith(STAFF_PREFIXES)
            and not path.startswith(OPEN_PREFIXES)
            and request.user.is_authenticated
            and not request.user.is_verified()
        ):
            user = request.user
            name = (
                "accounts:2fa_verify"
                if has_second_factor(user)
                else "accounts:2fa_setup"
            )
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)
