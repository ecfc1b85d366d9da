"""Forms of the case workspace. They collect input; the operations decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from cases.fact_forms import incident_field, person_field
from cases.links import Pinpoint
from cases.models import (
    Case,
    CaseRole,
    Crime,
    Element,
    Incident,
    LiabilityMode,
    Person,
    PlacePrecision,
    Precision,
    Stance,
)


class CaseForm(forms.Form):
    reference = forms.CharField(max_length=40, help_text="e.g. CASE-2026-001")
    title = forms.CharField(max_length=300)
    forum_kind = forms.ChoiceField(choices=Case.ForumKind.choices, label="Forum")
    forum = forms.CharField(
        max_length=300, help_text="The ICC situation, or the court and its statute."
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=CaseRole.choices)

    def clean_username(self):
        name = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError("No active account with that user name.")
        return user


class PersonForm(forms.Form):
    name = forms.CharField(max_length=300)
    is_suspect = forms.BooleanField(required=False, label="Suspect")
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Other names and aliases in any script, one per line.",
    )
    birth_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    birth_date_precision = forms.ChoiceField(
        choices=[("", "—"), *Precision.choices[2:]], required=False
    )
    nationality = forms.CharField(max_length=100, required=False)


class IncidentForm(forms.Form):
    title = forms.CharField(max_length=300)
    start_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    start_precision = forms.ChoiceField(
        choices=[("", "—"), *Precision.choices], required=False
    )
    place_name = forms.CharField(max_length=300, required=False)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180)
    place_precision = forms.ChoiceField(
        choices=[("", "—"), *PlacePrecision.choices], required=False
    )
    victims_estimate = forms.IntegerField(required=False, min_value=0)
    victims_min = forms.IntegerField(required=False, min_value=0)
    victims_max = forms.IntegerField(required=False, min_value=0)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ChargeForm(forms.Form):
    suspect = forms.ModelChoiceField(queryset=Person.objects.none())
    crime = forms.ModelChoiceField(queryset=Crime.objects.none())
    mode = forms.ModelChoiceField(
        queryset=LiabilityMode.objects.none(), label="Mode of liability"
    )
    incidents = forms.ModelMultipleChoiceField(
        queryset=Incident.objects.none(), required=False
    )
    particulars = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suspect"] = person_field(case)
        self.order_fields(["suspect"])
        self.fields["crime"].queryset = Crime.objects.filter(statute=case.statute_id)
        self.fields["mode"].queryset = LiabilityMode.objects.filter(
            statute=case.statute_id
        )
        self.fields["incidents"].queryset = Incident.objects.filter(case=case)


class PinpointForm(forms.Form):
    """Whether an item supports or undermines something, and where in the item."""

    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.SUPPORTS)
    page_from = forms.IntegerField(required=False, min_value=1)
    page_to = forms.IntegerField(required=False, min_value=1)
    time_from = forms.FloatField(required=False, min_value=0, label="From (seconds)")
    time_to = forms.FloatField(required=False, min_value=0, label="To (seconds)")
    region_x = forms.IntegerField(required=False, min_value=0)
    region_y = forms.IntegerField(required=False, min_value=0)
    region_width = forms.IntegerField(required=False, min_value=1)
    region_height = forms.IntegerField(required=False, min_value=1)
    probative_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def pinpoint(self) -> Pinpoint:
        data = self.cleaned_data
        return Pinpoint(
            **{name: data.get(name) for name in Pinpoint.__dataclass_fields__}
        )


class LinkForm(PinpointForm):
    """Link an item to an element of a charge, an incident or a person of the
    chosen case."""

    ELEMENT, INCIDENT, PERSON = "element", "incident", "person"

    target_kind = forms.ChoiceField(
        label="Link to",
        choices=[
            (ELEMENT, "an element of a charge"),
            (INCIDENT, "an incident"),
            (PERSON, "a person"),
        ],
        initial=ELEMENT,
        required=False,
        widget=forms.RadioSelect,
    )
    target = forms.ChoiceField(label="Charge element", required=False)

    field_order = ["target_kind", "target", "incident", "person"]

    def __init__(self, *args, case, charges, elements_by_charge, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for charge in charges:
            options = [
                (f"{charge.pk}:{e.pk}", f"{e.code} ({e.kind}) — {e.text[:90]}")
                for e in elements_by_charge[charge.pk]
            ]
            choices.append((f"Charge {charge.position}: {charge}", options))
        self.fields["target"].choices = [("", "—"), *choices]
        self.fields["incident"] = incident_field(case, required=False)
        self.fields["person"] = person_field(case, required=False)
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        kind = data["target_kind"] = data.get("target_kind") or self.ELEMENT
        needed = {self.ELEMENT: "target", self.INCIDENT: "incident"}.get(kind, "person")
        if not data.get(needed):
            self.add_error(needed, "Choose what the item is linked to.")
        return data

    def target_ids(self) -> tuple[int, int]:
        charge_id, element_id = self.cleaned_data["target"].split(":")
        return int(charge_id), int(element_id)


class RetractForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


def elements_of(charges) -> dict[int, list[Element]]:
    """Each charge's elements, for the link form, in two queries."""
    crimes = {c.crime_id for c in charges}
    modes = {c.mode_id for c in charges}
    by_crime: dict[int, list[Element]] = {}
    by_mode: dict[int, list[Element]] = {}
    for element in Element.objects.filter(crime_id__in=crimes).order_by("position"):
        by_crime.setdefault(element.crime_id, []).append(element)
    for element in Element.objects.filter(mode_id__in=modes).order_by("position"):
        by_mode.setdefault(element.mode_id, []).append(element)
    return {
        c.pk: by_crime.get(c.crime_id, []) + by_mode.get(c.mode_id, []) for c in charges
    }
