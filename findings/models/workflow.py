"""The publication task: a Publisher other than the author approves."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


def authors_of(obj, workflow_state=None) -> set[int]:
    """Who wrote the revision under review, and who submitted it."""
    ids = set()
    revision = obj.get_latest_revision()
    if revision is not None and revision.user_id:
        ids.add(revision.user_id)
    state = workflow_state or obj.current_workflow_state
    if state is not None and state.requested_by_id:
        ids.add(state.requested_by_id)
    return ids


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which the author can never approve their own page."""

    def get_actions(self, obj, user):
        if user.pk in authors_of(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and user.pk in authors_of(
            task_state.workflow_state.content_object, task_state.workflow_state
        ):
            raise PermissionDenied("The author cannot approve their own page.")
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("A member of the chosen groups other than the author approves")

    class Meta:
        verbose_name = _("Second-person approval")
        verbose_name_plural = _("Second-person approvals")
