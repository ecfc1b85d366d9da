"""The upload form: what an investigator says about a batch of files."""

from django import forms

from evidence.intake import Submission
from evidence.models import Sensitivity, SourceType


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
