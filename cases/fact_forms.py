"""Forms of the case's facts: persons, organisations, incidents, witnesses and
consents. They collect and check input; the operations in ``cases/facts.py`` and
``cases/witnesses.py`` decide and record."""

from __future__ import annotations

from django import forms

from cases.choosers import incident_chooser, item_chooser, person_chooser
from cases.models import (
    CommandRelationship,
    Crime,
    Incident,
    Organisation,
    Person,
    PersonName,
    PlacePrecision,
    Precision,
    ProtectionLevel,
    TargetedGroup,
)
from evidence.access import visible_items

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})
TEXT = forms.Textarea(attrs={"rows": 2})


def _precision(dates_only: bool = False):
    choices = Precision.choices[2:] if dates_only else Precision.choices
    return forms.ChoiceField(choices=[("", "—"), *choices], required=False)


class DatedForm(forms.Form):
    """A form whose ``X`` date fields each need ``X_precision`` when given."""

    dated: tuple[tuple[str, str], ...] = ()

    def clean(self):
        data = super().clean()
        for date, precision in self.dated:
            if data.get(date) and not data.get(precision):
                self.add_error(precision, "Say how precisely this date is known.")
            if not data.get(date):
                data[precision] = ""
        return data


class PersonFactsForm(DatedForm):
    dated = (("birth_date", "birth_date_precision"),)

    name = forms.CharField(max_length=300, help_text="The name the team uses.")
    is_suspect = forms.BooleanField(required=False, label="Suspect")
    birth_date = forms.DateField(required=False, widget=DATE)
    birth_date_precision = _precision(dates_only=True)
    nationality = forms.CharField(
        max_length=100, required=False, help_text="ISO 3166 codes, e.g. SD SS."
    )
    notes = forms.CharField(widget=TEXT, required=False)


class PersonNameForm(forms.Form):
    name = forms.CharField(max_length=300, label="Name or alias")
    kind = forms.ChoiceField(choices=PersonName.Kind.choices)
    script = forms.CharField(
        max_length=4, required=False, help_text="ISO 15924, e.g. Arab, Cyrl, Mymr."
    )
    language = forms.CharField(max_length=35, required=False, help_text="e.g. ar.")


class PositionForm(DatedForm):
    dated = (("start_date", "start_precision"), ("end_date", "end_precision"))

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    title = forms.CharField(max_length=300, help_text="Rank or function.")
    is_command = forms.BooleanField(required=False, label="Command post")
    start_date = forms.DateField(required=False, widget=DATE)
    start_precision = _precision(dates_only=True)
    end_date = forms.DateField(required=False, widget=DATE)
    end_precision = _precision(dates_only=True)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(case=case)


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Organisation.Kind.choices)
    parent = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The organisation it is part of.",
    )
    aliases = forms.CharField(
        widget=TEXT, required=False, help_text="One name per line, any script."
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organisation.objects.filter(case=case)


class CommandForm(DatedForm):
    dated = (("start_date", "start_precision"), ("end_date", "end_precision"))

    superior = forms.ModelChoiceField(queryset=Organisation.objects.none())
    subordinate = forms.ModelChoiceField(queryset=Organisation.objects.none())
    basis = forms.ChoiceField(choices=CommandRelationship.Basis.choices)
    start_date = forms.DateField(required=False, widget=DATE)
    start_precision = _precision(dates_only=True)
    end_date = forms.DateField(required=False, widget=DATE)
    end_precision = _precision(dates_only=True)
    notes = forms.CharField(widget=TEXT, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(case=case)
        self.fields["superior"].queryset = organisations
        self.fields["subordinate"].queryset = organisations


class IncidentFactsForm(DatedForm):
    """Everything known of an incident, with its targeted groups and crimes."""

    dated = (("start_at", "start_precision"), ("end_at", "end_precision"))

    title = forms.CharField(max_length=300)
    description = forms.CharField(widget=TEXT, required=False)
    start_at = forms.DateTimeField(required=False, widget=DATETIME, label="Start")
    start_precision = _precision()
    end_at = forms.DateTimeField(required=False, widget=DATETIME, label="End")
    end_precision = _precision()
    place_name = forms.CharField(max_length=300, required=False, label="Place")
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180)
    place_precision = forms.ChoiceField(
        choices=[("", "—"), *PlacePrecision.choices], required=False
    )
    victims_estimate = forms.IntegerField(required=False, min_value=0)
    victims_min = forms.IntegerField(required=False, min_value=0)
    victims_max = forms.IntegerField(required=False, min_value=0)
    targeted_groups = forms.ModelMultipleChoiceField(
        queryset=TargetedGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_group = forms.CharField(
        max_length=300, required=False, label="Another targeted group"
    )
    new_group_kind = forms.ChoiceField(
        choices=[("", "—"), *TargetedGroup.Kind.choices],
        required=False,
        label="Its kind",
    )
    crimes = forms.ModelMultipleChoiceField(
        queryset=Crime.objects.none(),
        required=False,
        help_text="The crimes the incident may amount to.",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targeted_groups"].queryset = TargetedGroup.objects.filter(
            case=case
        )
        self.fields["crimes"].queryset = Crime.objects.filter(statute=case.statute_id)

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", "Give both the latitude and the longitude.")
        if data.get("latitude") is not None and not data.get("place_precision"):
            self.add_error("place_precision", "Say how precise the coordinates are.")
        if data.get("new_group") and not data.get("new_group_kind"):
            self.add_error("new_group_kind", "Say what kind of group it is.")
        low, high = data.get("victims_min"), data.get("victims_max")
        if low is not None and high is not None and low > high:
            self.add_error("victims_max", "The range runs from low to high.")
        estimate = data.get("victims_estimate")
        if estimate is not None and (
            (low is not None and estimate < low)
            or (high is not None and estimate > high)
        ):
            self.add_error("victims_estimate", "The estimate lies outside the range.")
        return data

    def facts(self) -> dict:
        """The incident's fields, for ``add_incident`` / ``update_incident``."""
        data = dict(self.cleaned_data)
        for name in ("new_group", "new_group_kind"):
            data.pop(name)
        data["place_precision"] = data.get("place_precision") or ""
        return data


class WitnessForm(forms.Form):
    protection_level = forms.ChoiceField(choices=ProtectionLevel.choices)
    summary = forms.CharField(
        widget=TEXT, required=False, help_text="Nothing that could identify them."
    )


class IdentityForm(DatedForm):
    dated = (("birth_date", "birth_date_precision"),)

    legal_name = forms.CharField(max_length=300)
    other_names = forms.CharField(
        widget=TEXT, required=False, help_text="Any script, one per line."
    )
    birth_date = forms.DateField(required=False, widget=DATE)
    birth_date_precision = _precision(dates_only=True)
    contact = forms.CharField(widget=TEXT, required=False)
    notes = forms.CharField(widget=TEXT, required=False)


class ConsentForm(forms.Form):
    share_with_courts = forms.BooleanField(required=False)
    courts = forms.CharField(
        max_length=500, required=False, help_text="Which courts; empty for any."
    )
    publish = forms.BooleanField(required=False)
    given_on = forms.DateField(required=False, widget=DATE)
    form_reference = forms.CharField(
        max_length=60, required=False, help_text="The signed consent form."
    )
    note = forms.CharField(widget=TEXT, required=False)
    withdrawn_on = forms.DateField(required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        given, withdrawn = data.get("given_on"), data.get("withdrawn_on")
        if given and withdrawn and withdrawn < given:
            self.add_error("withdrawn_on", "Consent is withdrawn after it is given.")
        return data


def person_field(case, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.filter(case=case),
        widget=person_chooser.widget_class(case=case),
        **kwargs,
    )


def incident_field(case, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Incident.objects.filter(case=case),
        widget=incident_chooser.widget_class(case=case),
        **kwargs,
    )


class StatementForm(forms.Form):
    """Record an evidence item, chosen with search, as the witness's statement."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"] = item_field(user, label="Statement (evidence item)")


def item_field(user, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=visible_items(user), widget=item_chooser.widget_class(), **kwargs
    )
