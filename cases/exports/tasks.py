"""The workspace's exports run as tasks; their progress is on the Export row."""

import contextlib

from django.conf import settings
from django.http import Http404
from django_tasks import task

from cases.exports.disclosure import ExportRefused
from cases.exports.models import Export
from cases.exports.operations import export_case
from chain_of_custody.signing import SigningKeyError
from evidence.access import AccessDenied


@task()
def run_export(export_id: str) -> str:
    """Build the zipped bundle of a queued export; return its final status.

    A refusal is not an error of the task: the export's status and message say
    why, for the person who asked.
    """
    export = Export.objects.select_related("case", "created_by").get(pk=export_id)
    options = export.options
    with contextlib.suppress(ExportRefused, AccessDenied, SigningKeyError, Http404):
        export_case(
            case=export.case,
            user=export.created_by,
            out=settings.INDISPUTABLE_EXPORTS_DIR / str(export.id),
            items=options.get("items") or None,
            disclosure_category=options.get("disclosure") or None,
            confidentiality=options.get("confidentiality") or None,
            zip=True,
            export=export,
        )
    return export.status
