from django.urls import path

from findings import feeds

app_name = "findings_feeds"

urlpatterns = [
    path("findings.rss", feeds.FindingsFeed(), name="findings_rss"),
    path("findings.json", feeds.findings_json, name="findings_json"),
    path("situations.rss", feeds.SituationsFeed(), name="situations_rss"),
    path("situations.json", feeds.situations_json, name="situations_json"),
]
