"""Legal staff export the demo case from the workspace and download the bundle."""

import io
import zipfile

import pytest

from cases.demo import REFERENCE, load_demo_case
from cases.exports.models import Export
from chain_of_custody import signing
from chain_of_custody.models import CustodyEvent
from evidence.demo import demo_files
from evidence.intake import Submission, ingest_evidence

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page, live_server, investigator, client):
    client.force_login(investigator)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.mark.django_db(transaction=True)
def test_export_the_demo_case_and_download_it(
    signed_in, live_server, investigator, settings, tmp_path
):
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(tmp_path / "signing.key")
    settings.INDISPUTABLE_TSA_URLS = []
    settings.INDISPUTABLE_EXPORTS_DIR = tmp_path / "exports"
    signing.generate_key()
    for demo in demo_files():
        ingest_evidence(
            submitted_by=investigator,
            filename=demo.name,
            submission=Submission(
                source_type=demo.source_type, title=demo.title, consent_court=True
            ),
            stream=io.BytesIO(demo.content),
            ingest_path=f"demo:{demo.name}",
        )
    load_demo_case(investigator)
    page = signed_in

    page.goto(f"{live_server.url}/admin/exports/{REFERENCE}/")
    page.click("#export-submit")
    page.wait_for_selector("#export-download")
    with page.expect_download() as info:
        page.click("#export-download")
    download = info.value
    saved = tmp_path / "bundle.zip"
    download.save_as(saved)

    export = Export.objects.get()
    assert export.status == Export.Status.DONE
    assert download.suggested_filename == f"{export.name}.zip"
    with zipfile.ZipFile(saved) as bundle:
        names = bundle.namelist()
    assert f"{export.name}/verify.py" in names
    assert f"{export.name}/data/custody/checkpoint.txt" in names
    downloads = CustodyEvent.objects.filter(event_type="dis")
    assert downloads.count() == export.item_count == 4
