from wagtail import hooks

# Imported inside the hook: Wagtail imports every wagtail_hooks at start-up, and
# the views pull in the image parsers (numpy, imagehash), which commands never need.


@hooks.register("register_admin_viewset")
def register_evidence_viewset():
    from evidence.views import EvidenceViewSet

    return EvidenceViewSet()
