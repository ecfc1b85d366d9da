"""The security audit log in the staff workspace, for administrators only."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet

from accounts.models import SecurityEvent


class SecurityEventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices)
    username = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username"]


class SecurityLogView(IndexView):
    model = SecurityEvent
    filterset_class = SecurityEventFilterSet
    index_url_name = "security_log:index"
    index_results_url_name = "security_log:index_results"
    page_title = "Security log"
    header_icon = "warning"
    default_ordering = "-at"
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.view_securityevent"):
            raise PermissionDenied("Only administrators read the security log.")
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            DateColumn("at", label="When (UTC)", sort_key="at"),
            Column("kind", accessor="get_kind_display", sort_key="kind"),
            Column("username", label="Account", sort_key="username"),
            Column("route"),
            Column("target", label="Object"),
        ]


class SecurityLogViewSet(ViewSet):
    name = "security_log"
    url_prefix = "security-log"
    icon = "warning"
    menu_label = "Security log"
    add_to_settings_menu = True

    def get_urlpatterns(self):
        return [
            path("", SecurityLogView.as_view(), name="index"),
            path(
                "results/",
                SecurityLogView.as_view(results_only=True),
                name="index_results",
            ),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: request.user.has_perm(
            "accounts.view_securityevent"
        )
        return item
