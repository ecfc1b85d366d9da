"""The "Cases" section of an evidence item's page."""

from django import template

from cases import access, matrix_html, selectors

register = template.Library()


@register.inclusion_tag("cases/item_cases.html", takes_context=True)
def item_cases(context, item):
    user = context["request"].user
    return {
        "item": item,
        "links": selectors.item_links_for(user, item),
        "can_link": any(
            access.can_edit(user, case) for case in access.visible_cases(user)
        ),
    }


@register.simple_tag
def matrix_rows(section, case):
    """The rows of one section of the proof matrix."""
    return matrix_html.section_rows(section, case_reference=case.reference)
