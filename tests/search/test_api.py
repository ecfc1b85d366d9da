"""GET /api/v1/search: tokens only, results filtered, bad values refused clearly."""

import pytest

from accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


def bearer(user, days=30):
    _, plaintext = issue_token(user=user, name="search", days=days)
    return {"authorization": f"Bearer {plaintext}"}


def test_search_needs_a_valid_token(client, analyst):
    assert client.get("/api/v1/search?q=x").status_code == 401
    expired = bearer(analyst, days=0)
    assert client.get("/api/v1/search?q=x", headers=expired).status_code == 401
    client.force_login(analyst)  # a session is not a token
    assert client.get("/api/v1/search?q=x").status_code == 401


def test_search_returns_hits_facets_and_snippets(client, indexed, analyst):
    item = indexed(b"1", "a.txt", title="Report", description="Šešelj in Hrtkovci")
    indexed(b"2", "b.txt", title="Other", description="nothing here")

    response = client.get("/api/v1/search?q=seselj", headers=bearer(analyst))

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["pages"] == 1
    [hit] = body["hits"]
    assert hit["reference"] == item.reference
    assert hit["sha256"] == item.blob.sha256
    assert hit["snippet"] == "<mark>Šešelj</mark> in Hrtkovci"
    assert body["facets"]["source_type"] == [
        {"value": "witness", "label": "Witness", "count": 1}
    ]


def test_confidential_items_of_others_are_not_found(client, indexed, analyst):
    indexed(b"1", "a.txt", description="zircon", sensitivity="confidential")

    body = client.get("/api/v1/search?q=zircon", headers=bearer(analyst)).json()

    assert body["total"] == 0
    assert body["hits"] == []
    assert all(buckets == [] for buckets in body["facets"].values())


def test_a_bad_value_is_a_clear_400(client, analyst):
    response = client.get("/api/v1/search?hash=zz", headers=bearer(analyst))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A hash is 8 to 128 hexadecimal digits (SHA-256, SHA-512 or MD5)."
    }
