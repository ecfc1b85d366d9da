"""The blocks a finding's narrative is written in."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class NarrativeBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", max_length=200
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    quote = blocks.StructBlock(
        [
            ("text", blocks.TextBlock(label=_("Quotation"))),
            ("attribution", blocks.CharBlock(required=False, label=_("Attribution"))),
        ],
        label=_("Quotation"),
        template="findings/blocks/quote.html",
    )
