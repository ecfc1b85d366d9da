"""Links between the tip pages that stay in the page's language."""

from django import template

from tips import languages

register = template.Library()

# Pages that answer only a POST: their language menu offers the submission page.
_POST_ONLY = {"sign_out"}


@register.simple_tag
def tip_url(name: str) -> str:
    return languages.tip_url(name)


@register.simple_tag(takes_context=True)
def tip_languages(context) -> list[dict]:
    """This page in each language (the submission page where there is no other)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = getattr(match, "url_name", None)
    if not name or name in _POST_ONLY or name == "stylesheet":
        name = "submit"
    return languages.switcher(name)
