"""What to do with each entity type, and the secret key pseudonyms derive from.

>>> policy = RedactionPolicy(key=b"k" * 32)
>>> policy.operator_for("FR_NIR"), policy.operator_for("DIAGNOSIS")
('pseudonym', 'keep')
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPERATORS = ("pseudonym", "mask", "tag", "hash", "remove", "keep")
"""``pseudonym``: keyed, deterministic, format-preserving surrogate; ``mask``: characters
replaced by ``*``; ``tag``: ``<FR_NIR>``; ``hash``: keyed HMAC-SHA256 hex; ``remove``: deleted;
``keep``: left as is."""

DEFAULT_OPERATORS = {
    "FR_NIR": "pseudonym",
    "FR_RPPS": "pseudonym",
    "FR_FINESS": "pseudonym",
    "FR_ADELI": "pseudonym",
    "FR_PATIENT_ID": "pseudonym",
    "PERSON": "pseudonym",
    "PHONE_NUMBER": "pseudonym",
    "EMAIL_ADDRESS": "pseudonym",
    "IBAN_CODE": "pseudonym",
    "DATE_TIME": "pseudonym",
    "ADDRESS": "pseudonym",
    # tax, business and payment numbers, network addresses (issue 23)
    "FR_TAX_ID": "pseudonym",
    "FR_SIREN": "pseudonym",
    "FR_SIRET": "pseudonym",
    "FR_VAT": "pseudonym",
    "CREDIT_CARD": "pseudonym",
    "IP_ADDRESS": "pseudonym",
    "URL": "pseudonym",
    # A facility's name narrows down where a patient is treated; no surrogate list of
    # facilities exists, so the name becomes a placeholder: "Hôpital <HEALTH_FACILITY>".
    "HEALTH_FACILITY": "tag",
    # Clinical content stays readable in test exports once nobody can be re-identified;
    # non-health art. 9 traits are not needed there.
    "DIAGNOSIS": "keep",
    "PROCEDURE": "keep",
    "MEDICATION": "keep",
    "SENSITIVE_TRAIT": "tag",
}
FALLBACK_OPERATOR = "tag"
"""For an entity type with no configured operator."""


@dataclass(frozen=True)
class RedactionPolicy:
    """Operators per entity type and the pseudonymisation key (never from a CLI argument)."""

    key: bytes
    operators: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_OPERATORS))
    key_is_ephemeral: bool = False
    """True when no key was given and a random one was generated for this run."""
    keep_birth_month: bool = True
    """FR_NIR pseudonyms keep the birth month (sex and birth year are always kept)."""
    keep_department: bool = True
    """Postcode, address, FINESS and ADELI pseudonyms stay in the same department."""

    def operator_for(self, entity_type: str) -> str:
        return self.operators.get(entity_type, FALLBACK_OPERATOR)
