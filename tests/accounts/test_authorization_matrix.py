"""Every route of the project × every kind of caller: the expected answer.

Routes are discovered from the URL resolver (every view in one of the project's
apps, and every API operation), so a new route without an entry in ``EXPECTED``
fails ``test_every_route_has_an_expected_answer``.
"""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.tokens import issue_token
from cases import facts
from cases.demo import load_demo_case
from cases.exports.operations import export_case
from cases.models import Charge, EvidenceLink
from chain_of_custody import signing
from chain_of_custody.checkpoints import create_checkpoint
from evidence.demo import demo_files
from evidence.intake import Submission, ingest_evidence
from evidence.models import EvidenceItem
from evidence.redaction import make_version
from tests.conftest import make_user

PROJECT_MODULES = (
    "accounts.",
    "cases.",
    "chain_of_custody.",
    "evidence.",
    "findings.",
    "search.",
    "storage.",
    "tips.",
    "ninja.",
)
ROLES = (
    "anonymous",
    "other_case_staff",
    "team_member",
    "expired_token",
    "auditor",
    "publisher",
)

# route name: expected status for (anonymous, staff of another case, member of the
# case with the evidence, a caller with an expired API token, an Auditor, a
# Publisher). An Auditor reads custody (reports, proofs) but opens no content.
# 302 is the way to the sign-in page; 404 hides whether the object exists; 405 a
# GET on a route that only takes POST (the method is checked first). The evidence is
# confidential, so only the case's team (and its submitter) reaches it; the
# inclusion proof asked for is of that evidence's first custody event.
EXPECTED = {
    # Second factor pages: only for someone signed in with a password.
    "accounts:2fa_setup": (302, 200, 200, 302, 200, 200),
    "accounts:2fa_verify": (302, 200, 200, 302, 200, 200),
    # The caller's own API tokens (a token of someone else's answers 404).
    "account_tokens": (302, 200, 200, 302, 200, 200),
    "account_token_revoke": (302, 405, 405, 302, 405, 405),
    # Security log: administrators only (the admin turns a refusal into a redirect).
    "security_log:index": (302, 302, 302, 302, 302, 302),
    "security_log:index_results": (302, 302, 302, 302, 302, 302),
    # Evidence workspace.
    "evidence:index": (302, 200, 200, 302, 302, 200),
    "evidence:index_results": (302, 200, 200, 302, 302, 200),
    "evidence:upload": (302, 302, 200, 302, 302, 302),
    "evidence:item": (302, 404, 200, 302, 404, 404),
    "evidence:original": (302, 404, 200, 302, 404, 404),
    "evidence:derivative": (302, 404, 200, 302, 404, 404),
    "evidence:make_version": (302, 405, 405, 302, 405, 405),
    "evidence:protection": (302, 405, 405, 302, 405, 405),
    "evidence:approve_version": (302, 405, 405, 302, 405, 405),
    "evidence:download_version": (302, 404, 200, 302, 404, 404),
    # The custody log (checkpoints, verifications, "verify now"): Auditors only.
    "custody_log": (302, 302, 302, 302, 200, 302),
    "custody_verify": (302, 405, 405, 302, 405, 405),
    # Custody report of an item: whoever may see the item.
    "custody_item_report": (302, 404, 200, 302, 200, 404),
    "custody_item_report_pdf": (302, 404, 200, 302, 200, 404),
    # Cases: a non-member gets 404 on everything of the case.
    "cases:index": (302, 200, 200, 302, 200, 200),
    "cases:add_to_case": (302, 404, 200, 302, 404, 404),
    "cases:case": (302, 404, 200, 302, 404, 404),
    "cases:matrix": (302, 404, 200, 302, 404, 404),
    "cases:matrix_export": (302, 404, 200, 302, 404, 404),
    "cases:row": (302, 404, 200, 302, 404, 404),
    "cases:retract": (302, 405, 405, 302, 405, 405),
    "cases:incidents": (302, 404, 200, 302, 404, 404),
    "cases:history": (302, 404, 200, 302, 404, 404),
    "cases:witness_identity": (302, 404, 404, 302, 404, 404),
    "cases:persons": (302, 404, 200, 302, 404, 404),
    "cases:person": (302, 404, 200, 302, 404, 404),
    "cases:organisations": (302, 404, 200, 302, 404, 404),
    "cases:incident_add": (302, 404, 200, 302, 404, 404),
    "cases:incident": (302, 404, 200, 302, 404, 404),
    "cases:witnesses": (302, 404, 200, 302, 404, 404),
    "cases:witness": (302, 404, 200, 302, 404, 404),
    "cases:item_consent": (302, 404, 200, 302, 404, 404),
    "cases:organisation_edit": (302, 404, 200, 302, 404, 404),
    "cases:command_edit": (302, 404, 200, 302, 404, 404),
    "cases:name_edit": (302, 404, 200, 302, 404, 404),
    "cases:position_edit": (302, 404, 200, 302, 404, 404),
    # Choosers list only what the caller may choose (nothing of a case they are
    # not on); choosing something else answers 404.
    "case_person_chooser:choose": (302, 200, 200, 302, 200, 200),
    "case_person_chooser:choose_results": (302, 200, 200, 302, 200, 200),
    "case_person_chooser:chosen": (302, 404, 200, 302, 404, 404),
    "case_incident_chooser:choose": (302, 200, 200, 302, 200, 200),
    "case_incident_chooser:choose_results": (302, 200, 200, 302, 200, 200),
    "case_incident_chooser:chosen": (302, 404, 200, 302, 404, 404),
    "case_item_chooser:choose": (302, 200, 200, 302, 200, 200),
    "case_item_chooser:choose_results": (302, 200, 200, 302, 200, 200),
    "case_item_chooser:chosen": (302, 404, 200, 302, 404, 404),
    # Court exports of the case: its team only; downloading records custody.
    "exports:index": (302, 404, 200, 302, 404, 404),
    "exports:disclosure": (302, 404, 200, 302, 404, 404),
    "exports:status": (302, 404, 200, 302, 404, 404),
    "exports:download": (302, 404, 200, 302, 404, 404),
    # Search: every signed-in staff member; results are filtered, not refused.
    "search:index": (302, 200, 200, 302, 200, 200),
    "search:saved": (302, 405, 405, 302, 405, 405),
    # Tips inbox: its own role only.
    "tips_inbox": (302, 302, 302, 302, 302, 302),
    "tips_detail": (302, 302, 302, 302, 302, 302),
    "tips_reply": (302, 405, 405, 302, 405, 405),
    "tips_download": (302, 405, 405, 302, 405, 405),
    "tips_promote": (302, 405, 405, 302, 405, 405),
    # Public: a tip channel for sources, the custody checkpoint and key, API docs.
    "tips:submit": (200, 200, 200, 200, 200, 200),
    "tips:sign_in": (200, 200, 200, 200, 200, 200),
    "tips:source": (302, 302, 302, 302, 302, 302),
    "tips:sign_out": (405, 405, 405, 405, 405, 405),
    "tips:stylesheet": (200, 200, 200, 200, 200, 200),
    # The guide for sources (docs/for-sources.md), with the tip pages' headers.
    "tips:for_sources": (200, 200, 200, 200, 200, 200),
    "custody:checkpoint": (200, 200, 200, 200, 200, 200),
    "custody:key": (200, 200, 200, 200, 200, 200),
    # Public pages' feeds; exhibit files only of live findings (none here).
    "findings_feeds:findings_rss": (200, 200, 200, 200, 200, 200),
    "findings_feeds:findings_json": (200, 200, 200, 200, 200, 200),
    "findings_feeds:situations_rss": (200, 200, 200, 200, 200, 200),
    "findings_feeds:situations_json": (200, 200, 200, 200, 200, 200),
    "findings:exhibit": (404, 404, 404, 404, 404, 404),
    "api:openapi-json": (200, 200, 200, 200, 200, 200),
    "api:openapi-view": (200, 200, 200, 200, 200, 200),
    # API: tokens only; a case outsider sees nothing of it.
    "api:find": (401, 200, 200, 401, 200, 200),
    "api:detail": (401, 404, 200, 401, 404, 404),
    "api:original": (401, 404, 200, 401, 404, 404),
    "api:inclusion": (401, 404, 200, 401, 200, 404),
    "api:consistency": (401, 200, 200, 401, 200, 200),
    "api:case_list": (401, 200, 200, 401, 200, 200),
    "api:case_detail": (401, 404, 200, 401, 404, 404),
    "api:case_matrix": (401, 404, 200, 401, 404, 404),
    "api:case_incidents": (401, 404, 200, 401, 404, 404),
    "api:search": (401, 200, 200, 401, 200, 200),
}


def project_routes():
    """(route pattern, name) of every view the project itself defines."""

    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                module = getattr(entry.callback, "__module__", "") or ""
                ours = module.startswith(PROJECT_MODULES) or namespace == "api:"
                if ours and entry.name:
                    yield prefix + str(entry.pattern), namespace + entry.name

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_route_has_an_expected_answer():
    names = {name for _, name in project_routes()} - {"api:api-root", "api:submit"}
    assert names - set(EXPECTED) == set(), "add the new routes to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED lists routes that are gone"


@pytest.fixture
def world(django_user_model, settings, tmp_path, django_capture_on_commit_callbacks):
    """A demo case led by ``lead`` over confidential items, a member of another
    case, and a signed checkpoint of the custody log."""
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(tmp_path / "signing.key")
    settings.INDISPUTABLE_TSA_URLS = []
    lead = make_user(django_user_model, "lead", "Investigators", "Analysts")
    with django_capture_on_commit_callbacks(execute=True):
        items = [
            ingest_evidence(
                submitted_by=lead,
                filename=f.name,
                submission=Submission(
                    source_type=f.source_type, title=f.title, sensitivity="confidential"
                ),
                stream=io.BytesIO(f.content),
                ingest_path=f"demo:{f.name}",
            )
            for f in demo_files()
        ]
    signing.generate_key()
    first = create_checkpoint(stamp=False)
    case = load_demo_case(lead)
    second = create_checkpoint(stamp=False)
    other = make_user(django_user_model, "other", "Analysts")
    auditor = make_user(django_user_model, "auditor", "Auditors")
    publisher = make_user(django_user_model, "publisher", "Publishers")
    from cases import teams

    teams.create_case(
        actor=other,
        reference="OTHER-1",
        title="Another case",
        forum_kind="icc",
        forum="Situation elsewhere",
    )
    version = make_version(items[0], lead, kind="redacted")
    charge = Charge.objects.filter(case=case).first()
    link = EvidenceLink.objects.filter(case=case).first()
    EvidenceItem.objects.filter(pk__in=[i.pk for i in items]).update(consent_court=True)
    export = export_case(case=case, user=lead, out=tmp_path / "exports", zip=True)
    army = facts.add_organisation(case=case, actor=lead, name="Army", kind="other")
    brigade = facts.add_organisation(case=case, actor=lead, name="Unit", kind="other")
    person = case.persons.first()
    recorded = {
        "organisation": army,
        "command": facts.add_command(
            actor=lead, superior=army, subordinate=brigade, basis="de_jure"
        ),
        "name": facts.add_person_name(
            person=person, actor=lead, name="Alias", kind="alias"
        ),
        "position": facts.add_position(
            person=person, actor=lead, organisation=army, title="Commander"
        ),
    }
    return {
        "lead": lead,
        "other": other,
        "auditor": auditor,
        "publisher": publisher,
        "item": items[0],
        "case": case,
        "values": {
            "reference": None,  # per route below
            "item_reference": items[0].reference,
            "kind": "thumbnail",
            "version_id": version.pk,
            "fmt": "csv",
            "charge_id": charge.pk,
            "element_id": link.element_id or charge.crime.elements.first().pk,
            "link_id": link.pk,
            "pseudonym": "P-0001",
            "person_id": case.persons.first().pk,
            "incident_id": case.incidents.first().pk,
            "tip_id": 1,
            "index": 0,
            "seq": 0,
            "export_id": export.id,
            "prefix": "nosuchtoken",
            "language": "ar",  # the tip pages under /tips/ar/
        },
        "checkpoints": (first.size, second.size),
        "facts": recorded,
    }


def url_for(pattern: str, name: str, world) -> str:
    values = dict(world["values"])
    values["reference"] = (
        world["case"].reference
        if name.startswith(("cases:", "api:case", "exports:"))
        else world["item"].reference
    )
    url = "/" + pattern
    for key, value in values.items():
        for converter in ("str", "int", "slug", "uuid", "tiplang", ""):
            token = f"<{converter}:{key}>" if converter else f"<{key}>"
            url = url.replace(token, str(value))
    if name.endswith("_chooser:chosen"):
        kind = name.split("_")[1]
        case = world["case"]
        chosen = {
            "person": case.persons.first(),
            "incident": case.incidents.first(),
            "item": world["item"],
        }[kind]
        url = url.replace("<str:pk>", str(chosen.pk))
    if name.startswith("cases:") and name.endswith("_edit"):
        kind = name.removeprefix("cases:").removesuffix("_edit")
        url = url.replace("<int:pk>", str(world["facts"][kind].pk))
    if name == "api:find":
        url += f"?sha256={world['item'].blob.sha256}"
    if name == "api:consistency":
        url += "?old={}&new={}".format(*world["checkpoints"])
    return url


def call(client, role, url, world):
    headers = {}
    users = {
        "other_case_staff": world["other"],
        "team_member": world["lead"],
        "auditor": world["auditor"],
        "publisher": world["publisher"],
    }
    if role in users:
        client.force_login(users[role])
    if url.startswith("/api/v1/") and role != "anonymous":
        user = users.get(role, world["lead"])
        days = 0 if role == "expired_token" else 30
        _, plaintext = issue_token(user=user, name=role, days=days)
        headers["authorization"] = f"Bearer {plaintext}"
    return client.get(url, headers=headers).status_code


@pytest.mark.django_db
def test_authorization_matrix(client, world):
    failures = []
    for pattern, name in project_routes():
        if name not in EXPECTED:
            continue
        url = url_for(pattern, name, world)
        for role, expected in zip(ROLES, EXPECTED[name], strict=True):
            client.logout()
            actual = call(client, role, url, world)
            if actual != expected:
                failures.append(
                    f"{name} {url} as {role}: {actual}, expected {expected}"
                )
    assert failures == []


@pytest.mark.django_db
def test_staff_of_another_case_list_none_of_its_confidential_items(client, world):
    client.force_login(world["other"])

    listing = client.get("/admin/evidence/").content.decode()

    assert world["item"].reference not in listing
    assert "0 evidence items" in listing or "There are no evidence items" in listing
