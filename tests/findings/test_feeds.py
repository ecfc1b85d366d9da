"""RSS and JSON feeds of findings and situations, per language."""

import json
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


def test_the_findings_rss_feed_parses_and_lists_live_findings(client, live_finding):
    response = client.get("/en/feeds/findings.rss")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "public" in response["Cache-Control"]
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Shelling of the market"]
    assert items[0].findtext("link") == (
        "http://testserver/en/findings/shelling-of-the-market/"
    )
    assert items[0].findtext("description") == "The market was shelled on 14 March."


def test_the_findings_json_feed_is_a_json_feed(client, live_finding):
    response = client.get("/en/feeds/findings.json")

    assert response["Content-Type"] == "application/feed+json"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["language"] == "en"
    assert [item["title"] for item in feed["items"]] == ["Shelling of the market"]
    assert feed["items"][0]["url"].endswith("/en/findings/shelling-of-the-market/")


def test_drafts_are_in_no_feed(client, draft):
    assert json.loads(client.get("/en/feeds/findings.json").content)["items"] == []
    rss = ET.fromstring(client.get("/en/feeds/findings.rss").content)  # noqa: S314
    assert rss.find("channel").findall("item") == []


def test_situation_feeds_parse(client, live_situation):
    rss = ET.fromstring(client.get("/en/feeds/situations.rss").content)  # noqa: S314
    titles = [i.findtext("title") for i in rss.find("channel").findall("item")]
    assert titles == ["Demo Republic: Genocide Warning (2026-04-01)"]
    feed = json.loads(client.get("/en/feeds/situations.json").content)
    assert [item["title"] for item in feed["items"]] == titles
    assert json.loads(client.get("/ar/feeds/situations.json").content)["items"] == []
