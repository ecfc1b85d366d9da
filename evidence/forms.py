"""Forms of the evidence workspace: a batch of files to submit, a version to make,
an item's protection."""

from django import forms

from evidence.intake import Submission
from evidence.models import Derivative, Sensitivity, SourceType
from evidence.redaction import InvalidRegion, Region


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SubmissionForm(forms.Form):
    """Describes every file uploaded with it; each file becomes one item."""

    source_type = forms.ChoiceField(choices=SourceType.choices)
    source_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    source_url = forms.URLField(required=False, max_length=2000, assume_scheme="https")
    title = forms.CharField(
        required=False,
        max_length=500,
        help_text="Left empty, each file's name is used.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    collected_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    collected_place = forms.CharField(required=False, max_length=500)
    consent_court = forms.BooleanField(
        required=False, label="May be shared with courts"
    )
    consent_publish = forms.BooleanField(required=False, label="May be published")
    language = forms.CharField(
        required=False, max_length=35, help_text="e.g. ar, uk, my"
    )
    sensitivity = forms.ChoiceField(
        choices=Sensitivity.choices, initial=Sensitivity.RESTRICTED
    )

    def submission(self, *, collected_by) -> Submission:
        data = self.cleaned_data
        return Submission(
            source_type=data["source_type"],
            title=data["title"],
            description=data["description"],
            source_note=data["source_note"],
            source_url=data["source_url"],
            collected_by=collected_by,
            collected_at=data["collected_at"],
            collected_place=data["collected_place"],
            consent_court=data["consent_court"],
            consent_publish=data["consent_publish"],
            language=data["language"],
            sensitivity=data["sensitivity"],
        )


class VersionForm(forms.Form):
    """A recipe for a redacted or public version, typed in without any script.

    Each line of ``regions`` is ``x, y, width, height`` in pixels of the upright
    original (a PDF page at 150 dpi), optionally followed by ``blur`` and by
    ``page N``; ``crop`` is one ``x, y, width, height``.
    """

    kind = forms.ChoiceField(
        choices=[
            (Derivative.Kind.REDACTED, "Redacted version (for disclosure and courts)"),
            (Derivative.Kind.PUBLIC, "Public exhibit (for the public site)"),
        ]
    )
    regions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "120, 80, 200, 60"}),
        required=False,
        help_text="One box per line: x, y, width, height in pixels, then optionally "
        "“blur” (instead of a black box) and “page N” (PDF only; else every page).",
    )
    crop = forms.CharField(
        required=False,
        help_text="x, y, width, height to keep; empty keeps the whole image.",
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="PDF only: make an image of this page alone; empty keeps every "
        "page as a PDF of page images.",
    )
    legal_basis = forms.CharField(
        required=False, max_length=200, help_text="For example Rule 81(4)."
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_regions(self) -> list[Region]:
        regions = []
        for number, line in enumerate(self.cleaned_data["regions"].splitlines(), 1):
            if line.strip():
                try:
                    regions.append(_parse_box(line, extras=True))
                except InvalidRegion as exc:
                    raise forms.ValidationError(f"Line {number}: {exc}") from None
        return regions

    def clean_crop(self) -> Region | None:
        text = self.cleaned_data["crop"]
        if not text.strip():
            return None
        try:
            return _parse_box(text, extras=False)
        except InvalidRegion as exc:
            raise forms.ValidationError(str(exc)) from None


def _parse_box(text: str, *, extras: bool) -> Region:
    words = text.replace(",", " ").split()
    numbers, rest = words[:4], [word.lower() for word in words[4:]]
    if len(numbers) < 4 or not all(word.isdigit() for word in numbers):
        raise InvalidRegion(
            f"“{text.strip()}” is not x, y, width, height in whole pixels"
        )
    mode, page = "box", None
    while extras and rest:
        word = rest.pop(0)
        if word in ("box", "blur"):
            mode = word
        elif word == "page" and rest and rest[0].isdigit():
            page = int(rest.pop(0))
        else:
            raise InvalidRegion(f"“{word}” is not understood; use blur or page N")
    if rest:
        raise InvalidRegion(f"“{text.strip()}” has more than x, y, width, height")
    x, y, width, height = (int(word) for word in numbers)
    return Region(x, y, width, height, mode=mode, page=page)


class ProtectionForm(forms.Form):
    """An item's protection level and, optionally, when it lifts and to what."""

    level = forms.ChoiceField(choices=Sensitivity.choices, label="Protection level")
    until = forms.DateTimeField(
        required=False,
        label="Lift on (UTC)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: the level holds until someone changes it.",
    )
    after = forms.ChoiceField(
        choices=[("", "the next lower level"), *Sensitivity.choices],
        required=False,
        label="Then treat it as",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the custody log with the change.",
    )
