from wagtail import hooks

from evidence.views import EvidenceViewSet


@hooks.register("register_admin_viewset")
def register_evidence_viewset():
    return EvidenceViewSet()
