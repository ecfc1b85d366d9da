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


@register.simple_tag(takes_context=True)
def matrix_rows(context, section, case):
    """The rows of one section of the proof matrix; the URLs are reversed once
    per page (kept in the render context, which lives as long as one render)."""
    key = ("cases_matrix_urls", case.reference)
    urls = context.render_context.get(key)
    if urls is None:
        urls = context.render_context[key] = matrix_html.url_patterns(case.reference)
    return matrix_html.section_rows(section, case_reference=case.reference, urls=urls)
