"""The team's disclosure decisions for a case's items: what an export will send as
incriminating, potentially exculpatory or rule 77 material, and how confidential.

A thin view over :func:`cases.exports.disclosure.decide_disclosure`; only items the
user may see are listed or can be chosen.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from cases.exports import disclosure
from cases.exports.models import CaseItemDisclosure, Confidentiality, DisclosureCategory
from cases.exports.views import editable_case
from evidence.access import visible_items

PAGE_SIZE = 100


class DisclosureForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": "Tick at least one item."}
    )
    category = forms.ChoiceField(
        label="Disclosure category", choices=DisclosureCategory.choices
    )
    confidentiality = forms.ChoiceField(choices=Confidentiality.choices)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


@require_http_methods(["GET", "POST"])
def decisions(request, reference: str):
    case = editable_case(request, reference)
    case_items = disclosure.case_items(case)
    items = case_items.filter(pk__in=visible_items(request.user).values("pk"))
    form = DisclosureForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["items"])
        try:
            changed = disclosure.decide_disclosure(
                case=case,
                items=chosen,
                actor=request.user,
                category=form.cleaned_data["category"],
                confidentiality=form.cleaned_data["confidentiality"],
            )
        except disclosure.ExportRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Disclosure decided for {len(changed)} item(s).")
            if unchanged := len(chosen) - len(changed):
                messages.info(
                    request,
                    f"{unchanged} item(s) already had this decision: nothing changed "
                    "for them.",
                )
            return redirect(request.get_full_path())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = disclosure.disclosure_table(case, list(page.object_list))
    decided = {
        d.item_id: d
        for d in CaseItemDisclosure.objects.filter(
            case=case, item__in=[r.item.pk for r in rows]
        ).select_related("decided_by")
    }
    return TemplateResponse(
        request,
        "exports/disclosure.html",
        {
            "case": case,
            "form": form,
            "page": page,
            "rows": [
                (
                    row,
                    decided.get(row.item.pk),
                    DisclosureCategory(row.category).label,
                    Confidentiality(row.confidentiality).label,
                )
                for row in rows
            ],
            "hidden": case_items.count() - page.paginator.count,
        },
    )
