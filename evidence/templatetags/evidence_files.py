"""``{% file_url "evidence:original" item.reference %}``: a link to an evidence file,
on the media host when one is set (evidence/media_host.py)."""

from django import template

from evidence import media_host

register = template.Library()


@register.simple_tag
def file_url(viewname: str, *args: object) -> str:
    return media_host.file_url(viewname, *args)
