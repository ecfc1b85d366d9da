"""Staff read tips with a key given per request, or offline after an export."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pyrage import x25519
from wagtail.users.models import UserProfile

from tips.models import Tip

pytestmark = pytest.mark.django_db

PHOTO = bytes(range(256)) * 3000 + b"\x00tail"


@pytest.fixture
def tip(client):
    client.post(
        "/tips/",
        {
            "message": "Trucks left the base at night",
            "files": [SimpleUploadedFile("convoy.jpg", PHOTO)],
        },
    )
    return Tip.objects.get()


@pytest.fixture
def officer_client(client, tips_officer):
    client.force_login(tips_officer)
    return client


def test_the_inbox_lists_tips_by_designation_and_hour(officer_client, tip):
    response = officer_client.get("/admin/tips/")
    assert response.status_code == 200
    html = response.content.decode()
    assert tip.source.designation in html
    assert tip.received_hour.strftime("%Y-%m-%d %H") in html
    assert "Trucks left" not in html
    assert "convoy.jpg" not in html


def test_the_inbox_needs_the_tips_role(client, analyst, tip):
    client.force_login(analyst)
    # The Wagtail admin turns a refusal into a redirect to its dashboard.
    for url in ("/admin/tips/", f"/admin/tips/{tip.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert "Tips inbox" not in client.get("/admin/").content.decode()


def test_decrypting_in_the_workspace_shows_the_message_and_names(
    officer_client, tip, org_key
):
    response = officer_client.post(f"/admin/tips/{tip.pk}/", {"identity": org_key})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trucks left the base at night" in html
    assert "convoy.jpg" in html
    assert response["Cache-Control"].startswith("max-age=0")
    secret = org_key.strip().splitlines()[-1]
    assert secret not in html
    assert secret not in str(dict(officer_client.session))


def test_a_downloaded_part_is_byte_identical(officer_client, tip, org_key):
    response = officer_client.post(
        f"/admin/tips/{tip.pk}/part/1/download/", {"identity": org_key}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == PHOTO
    assert hashlib.sha256(body).hexdigest() == tip.parts.get(index=1).sha256
    assert response["Content-Disposition"] == (
        f'attachment; filename="tip-{tip.pk}-part-1.jpg"'
    )


def test_a_wrong_key_fails_clearly(officer_client, tip):
    wrong = str(x25519.Identity.generate())
    for url in (f"/admin/tips/{tip.pk}/", f"/admin/tips/{tip.pk}/part/1/download/"):
        response = officer_client.post(url, {"identity": wrong})
        assert response.status_code == 400
        assert (
            "This key cannot decrypt the tip: it is not one of the keys the tip "
            "was encrypted to. Nothing was decrypted."
        ) in response.content.decode()
        assert b"Trucks left" not in response.content


def test_something_that_is_not_a_key_is_named_as_such(officer_client, tip):
    response = officer_client.post(
        f"/admin/tips/{tip.pk}/", {"identity": "age1notaprivatekey"}
    )
    assert response.status_code == 400
    assert (
        "That is not an age private key: paste the line that starts with "
        "AGE-SECRET-KEY-1."
    ) in response.content.decode()


def test_export_then_offline_decrypt_restores_byte_identical_files(
    tip, org_key, tmp_path
):
    export = tmp_path / "export"
    call_command("tips", "export", str(export))
    index = json.loads((export / "index.json").read_text())
    assert index[0]["designation"] == tip.source.designation
    assert b"Trucks left" not in b"".join(
        p.read_bytes() for p in export.rglob("*") if p.is_file()
    )
    key = tmp_path / "key.txt"
    key.write_text(org_key)
    out = tmp_path / "plain"
    call_command("tips", "decrypt", str(export), "-i", str(key), "-o", str(out))
    folder = out / f"tip-{tip.pk}"
    assert (folder / "00-message.txt").read_bytes() == b"Trucks left the base at night"
    assert (folder / "01-convoy.jpg").read_bytes() == PHOTO
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["parts"][1]["filename"] == "convoy.jpg"


def test_offline_decrypt_with_a_wrong_key_fails_clearly(tip, tmp_path):
    export = tmp_path / "export"
    call_command("tips", "export", str(export))
    key = tmp_path / "key.txt"
    key.write_text(str(x25519.Identity.generate()))
    with pytest.raises(CommandError, match="This key cannot decrypt the tip"):
        call_command(
            "tips", "decrypt", str(export), "-i", str(key), "-o", str(tmp_path / "o")
        )


def test_offline_decrypt_refuses_a_part_whose_hash_differs(
    tip, org_key, org_identity, tmp_path
):
    import pyrage

    export = tmp_path / "export"
    call_command("tips", "export", str(export))
    swapped = pyrage.encrypt(b"planted", [org_identity.to_public()])
    (export / f"tip-{tip.pk}" / "part-1.age").write_bytes(swapped)
    key = tmp_path / "key.txt"
    key.write_text(org_key)
    with pytest.raises(CommandError, match="not .* as recorded at arrival"):
        call_command(
            "tips", "decrypt", str(export), "-i", str(key), "-o", str(tmp_path / "o")
        )


def test_keygen_prints_a_usable_pair(capsys):
    call_command("tips", "keygen")
    out = capsys.readouterr().out
    public = out.split("# public key: ")[1].split()[0]
    secret = [line for line in out.splitlines() if line.startswith("AGE-SECRET")][0]
    assert str(x25519.Identity.from_str(secret).to_public()) == public


def _prefers(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_staff_who_prefer_french_read_the_inbox_in_french(
    officer_client, tips_officer, tip, org_key
):
    _prefers(tips_officer, "fr")
    index = officer_client.get("/admin/tips/").content.decode()
    assert "<title>Boîte de réception des signalements" in index
    assert "<th>Reçu (UTC, à l’heure près)</th>" in index
    assert "Tips inbox" not in index

    detail = officer_client.get(f"/admin/tips/{tip.pk}/").content.decode()
    assert f"Signalement de {tip.source.designation}" in detail
    assert "<h3>Partie 1 (fichier)</h3>" in detail
    assert ">Verser aux preuves</button>" in detail
    assert (
        "Cette source n’a pas demandé de nom de code et ne peut pas recevoir de "
        "réponses."
    ) in detail
    assert "Promote to evidence" not in detail

    response = officer_client.post(
        f"/admin/tips/{tip.pk}/part/1/promote/", {"identity": org_key}, follow=True
    )
    item = tip.parts.get(index=1).promoted_item
    assert (
        f"La partie 1 est désormais l’élément de preuve {item.reference} "
        f"(SHA-256 {item.blob.sha256})."
    ) in response.content.decode()


def test_staff_who_prefer_arabic_read_the_inbox_and_its_errors_in_arabic(
    officer_client, tips_officer, tip
):
    _prefers(tips_officer, "ar")
    index = officer_client.get("/admin/tips/").content.decode()
    assert 'dir="rtl"' in index
    assert "<th>الأجزاء</th>" in index

    wrong = str(x25519.Identity.generate())
    response = officer_client.post(f"/admin/tips/{tip.pk}/", {"identity": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"بلاغ من {tip.source.designation}" in html
    assert (
        "لا يمكن لهذا المفتاح فك تشفير البلاغ: فهو ليس من المفاتيح التي شُفِّر "
        "البلاغ لها. لم يُفَكّ تشفير أي شيء."
    ) in html
