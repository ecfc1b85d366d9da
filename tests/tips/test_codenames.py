"""Codenames: seven EFF words, kept only as a slow hash; sign-in, replies, more."""

import io
import re

import pyrage
import pytest
from django.core.management import call_command

from tips import sources
from tips.codenames import wordlist
from tips.models import Reply, Source, Tip

pytestmark = pytest.mark.django_db


def codename_from(response) -> str:
    match = re.search(
        r'<p class="codename" id="codename" lang="en" dir="ltr">([a-z\- ]+)</p>',
        response.content.decode(),
    )
    assert match, "no codename on the page"
    return match.group(1)


def test_no_cookie_is_set_until_a_codename_is_requested(client):
    assert not client.get("/tips/").cookies
    assert not client.get("/tips/return/").cookies
    response = client.post("/tips/", {"message": "no codename please"})
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in str(response.headers)

    response = client.post("/tips/", {"message": "I will come back", "codename": "on"})
    assert response.status_code == 200
    assert "sessionid" in response.cookies


def test_a_codename_is_seven_eff_words_shown_once_and_stored_only_hashed(client):
    response = client.post("/tips/", {"message": "hello", "codename": "on"})
    codename = codename_from(response)
    words = codename.split()
    assert len(words) == 7
    assert set(words) <= set(wordlist())
    assert len(wordlist()) == 7776

    source = Source.objects.get()
    assert len(source.designation.split()) == 2
    assert source.designation not in codename
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    for start in range(5):
        assert " ".join(words[start : start + 3]) not in dump.getvalue()
    assert source.codename_lookup
    assert codename not in client.get("/tips/source/").content.decode()


def test_sign_in_with_the_codename_shows_replies(client, tips_officer, org_identity):
    codename = codename_from(
        client.post("/tips/", {"message": "first", "codename": "on"})
    )
    source = Source.objects.get()
    sources.send_reply(
        source=source, text="Thank you, can you send the video?", actor=tips_officer
    )

    fresh = client.__class__()
    response = fresh.post("/tips/return/", {"codename": codename.upper() + "  "})
    assert response.status_code == 200
    assert b"Thank you, can you send the video?" in response.content
    assert "sessionid" in response.cookies


def test_a_wrong_codename_says_nothing_about_why(client):
    client.post("/tips/", {"message": "first", "codename": "on"})
    stranger = client.__class__()
    unknown = stranger.post("/tips/return/", {"codename": " ".join(["abacus"] * 7)})
    malformed = stranger.post("/tips/return/", {"codename": "x"})
    empty = stranger.post("/tips/return/", {"codename": ""})
    for response in (unknown, malformed, empty):
        assert response.status_code == 400
        assert b"That codename was not accepted." in response.content
        assert not response.cookies
    assert unknown.content == malformed.content


def test_a_returning_source_sends_more_under_the_same_designation(client):
    codename = codename_from(
        client.post("/tips/", {"message": "first", "codename": "on"})
    )
    other = client.__class__()
    other.post("/tips/return/", {"codename": codename})
    page = other.get("/tips/source/")
    assert page.status_code == 200
    token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
    forged = other.post("/tips/source/", {"message": "no token"})
    assert forged.status_code == 403
    assert b"The form expired. Please send again." in forged.content
    response = other.post(
        "/tips/source/",
        {"message": "second, with more detail", "form_token": token.group(1)},
    )
    assert response.status_code == 200
    assert b"Received. Thank you." in response.content
    assert Tip.objects.count() == 2
    assert Source.objects.count() == 1


def test_the_source_page_needs_a_codename(client):
    response = client.get("/tips/source/")
    assert response.status_code == 302
    assert response["Location"] == "/tips/return/"


def test_replies_cannot_be_read_without_the_codename(
    client, tips_officer, org_identity
):
    codename = codename_from(
        client.post("/tips/", {"message": "first", "codename": "on"})
    )
    source = Source.objects.get()
    reply = sources.send_reply(source=source, text="secret reply", actor=tips_officer)
    stored = Reply.objects.get(pk=reply.pk)
    assert b"secret reply" not in bytes(stored.ciphertext)
    assert b"secret reply" not in bytes(source.wrapped_reply_identity)
    # The server's own data opens nothing: a random key fails, the codename works,
    # and so does the organisation's offline key.
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(bytes(stored.ciphertext), [pyrage.x25519.Identity.generate()])
    _, replies = sources.sign_in(codename)
    assert [r.text for r in replies] == ["secret reply"]
    assert pyrage.decrypt(bytes(stored.ciphertext), [org_identity]) == b"secret reply"


def test_sign_in_attempts_are_limited_for_the_whole_channel(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_LOGINS_PER_HOUR = 2
    for _ in range(2):
        client.post("/tips/return/", {"codename": "a b c d e f g"})
    response = client.post("/tips/return/", {"codename": "a b c d e f g"})
    assert response.status_code == 400
    assert b"Too many codename attempts" in response.content


def test_only_tips_staff_may_reply(client, analyst):
    client.post("/tips/", {"message": "first", "codename": "on"})
    with pytest.raises(sources.access.AccessDenied):
        sources.send_reply(source=Source.objects.get(), text="hi", actor=analyst)
