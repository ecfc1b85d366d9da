"""RSS and JSON Feed (1.1) of published findings and situation updates.

Each language has its own feeds (/en/feeds/findings.rss, /ar/feeds/...), listing
the live, unrestricted pages in that language.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from findings.models import FindingPage, SituationPage

FEED_SIZE = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def findings() -> list[FindingPage]:
    return list(
        FindingPage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .order_by("-publication_date", "-last_published_at")[:FEED_SIZE]
    )


def situations() -> list[SituationPage]:
    return list(
        SituationPage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .order_by("-last_published_at")[:FEED_SIZE]
    )


def _situation_title(page: SituationPage) -> str:
    return f"{page.title}: {page.get_alert_level_display()} ({page.assessed_on})"


def _public(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.INDISPUTABLE_PUBLIC_MAX_AGE,
        s_maxage=settings.INDISPUTABLE_PUBLIC_S_MAXAGE,
    )
    return response


class PublicFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        self.request = request
        return _public(super().__call__(request, *args, **kwargs))

    def link(self):
        return f"/{get_language()}/"

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_updateddate(self, item):
        return item.last_published_at


class FindingsFeed(PublicFeed):
    def title(self):
        return _("Findings") + f" · {settings.WAGTAIL_SITE_NAME}"

    def description(self):
        return _("Findings published by the archive.")

    def items(self):
        return findings()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at


class SituationsFeed(PublicFeed):
    def title(self):
        return _("Situation updates") + f" · {settings.WAGTAIL_SITE_NAME}"

    def description(self):
        return _("Early-warning assessments: the Ten Stages and alert levels.")

    def items(self):
        return situations()

    def item_title(self, item):
        return _situation_title(item)

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.last_published_at


def _json_feed(request, *, title: str, pages, summary, page_title) -> JsonResponse:
    language = get_language()
    body = {
        "version": JSON_FEED_VERSION,
        "title": f"{title} · {settings.WAGTAIL_SITE_NAME}",
        "home_page_url": request.build_absolute_uri(f"/{language}/"),
        "feed_url": request.build_absolute_uri(request.path),
        "language": language,
        "items": [
            {
                "id": page.get_full_url(request=request),
                "url": page.get_full_url(request=request),
                "title": page_title(page),
                "summary": summary(page),
                "content_text": summary(page),
                "date_published": page.first_published_at.isoformat(),
                "date_modified": page.last_published_at.isoformat(),
            }
            for page in pages
        ],
    }
    response = JsonResponse(
        body,
        content_type="application/feed+json",
        json_dumps_params={"ensure_ascii": False},
    )
    return _public(response)


def findings_json(request):
    return _json_feed(
        request,
        title=_("Findings"),
        pages=findings(),
        summary=lambda page: page.summary,
        page_title=lambda page: page.title,
    )


def situations_json(request):
    return _json_feed(
        request,
        title=_("Situation updates"),
        pages=situations(),
        summary=lambda page: page.summary,
        page_title=_situation_title,
    )
