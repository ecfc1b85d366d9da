"""Cases: the crimes catalogue, teams, actors, incidents, charges, evidence links,
witnesses and the audit history. Each module holds one part of the domain."""

from cases.models.actors import (
    CommandRelationship,
    Organisation,
    Person,
    PersonName,
    Position,
)
from cases.models.audit import AuditAction, CaseAuditEntry
from cases.models.casefile import Case, CaseMember, CaseRole
from cases.models.catalogue import Crime, Element, ElementKind, LiabilityMode, Statute
from cases.models.charges import Charge, EvidenceLink, Stance
from cases.models.incidents import Incident, TargetedGroup
from cases.models.precision import PlacePrecision, Precision
from cases.models.witnesses import Consent, ProtectionLevel, Witness, WitnessIdentity

__all__ = [
    "AuditAction",
    "Case",
    "CaseAuditEntry",
    "CaseMember",
    "CaseRole",
    "Charge",
    "CommandRelationship",
    "Consent",
    "Crime",
    "Element",
    "ElementKind",
    "EvidenceLink",
    "Incident",
    "LiabilityMode",
    "Organisation",
    "Person",
    "PersonName",
    "PlacePrecision",
    "Position",
    "Precision",
    "ProtectionLevel",
    "Stance",
    "Statute",
    "TargetedGroup",
    "Witness",
    "WitnessIdentity",
]
