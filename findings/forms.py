"""The finding editor's form: an editor links only incidents of their own cases."""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm


class FindingPageForm(WagtailAdminPageForm):
    """Offers, and accepts, only incidents of cases whose team the editor is on
    (and those the page already shows), so the editor lists no other case's
    incident titles and a crafted request cannot attach one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.access import visible_cases
        from cases.models import Incident

        formset = self.formsets["incidents"]
        shown = formset.queryset.values("incident_id") if self.instance.pk else []
        allowed = Incident.objects.filter(
            Q(case__in=visible_cases(self.for_user)) | Q(pk__in=shown)
        ).select_related("case")
        base = formset.form

        class Narrowed(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["incident"].queryset = allowed

        formset.form = Narrowed
