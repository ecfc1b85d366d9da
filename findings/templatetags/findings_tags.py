"""Template helpers of the public pages: language, navigation, exhibit links."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language_info

from findings.exhibits import extension_for

register = template.Library()


@register.simple_tag
def page_language(page) -> dict:
    """The page's own language (not the URL's), its name and direction."""
    info = get_language_info(page.locale.language_code)
    return {
        "code": info["code"],
        "dir": "rtl" if info["bidi"] else "ltr",
        "name": info["name_local"],
    }


@register.simple_tag
def site_nav(page) -> dict:
    """The home page in the page's language and the index pages under it."""
    from findings.models import HomePage

    home = HomePage.objects.filter(locale_id=page.locale_id).live().first()
    if home is None:
        return {"home": None, "sections": []}
    return {"home": home, "sections": list(home.get_children().live().in_menu())}


@register.simple_tag
def translations(page) -> list[dict]:
    """The page in every language it is published in, this one marked current."""
    rows = []
    for other in page.get_translations(inclusive=True).live().select_related("locale"):
        info = get_language_info(other.locale.language_code)
        rows.append(
            {
                "url": other.url,
                "code": info["code"],
                "name": info["name_local"],
                "current": other.pk == page.pk,
            }
        )
    return sorted(rows, key=lambda row: row["code"])


@register.simple_tag
def exhibit_url(exhibit) -> str:
    derivative = exhibit.derivative
    return reverse(
        "findings:exhibit",
        kwargs={
            "pk": derivative.pk,
            "sha256": derivative.blob.sha256,
            "ext": extension_for(derivative),
        },
    )
