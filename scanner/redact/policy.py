"""What to do with each entity type, and the secret key pseudonyms derive from.

>>> policy = RedactionPolicy(key=b"k" * 32)
>>> policy.operator_for("FR_NIR"), policy.operator_for("DIAGNOSIS")
('pseudonym', 'keep')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import UsageError

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
    # identity documents and the INS (issue 23)
    "FR_INS": "pseudonym",
    "FR_CNI": "pseudonym",
    "FR_PASSPORT": "pseudonym",
    "FR_RESIDENCE_PERMIT": "pseudonym",
    "FR_DRIVING_LICENCE": "pseudonym",
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
    """FR_NIR pseudonyms take the month of the person's shifted birth date (False: a drawn
    month); their year always follows the shifted birth date, their sex the person's."""
    keep_department: bool = True
    """Postcode, address, FINESS and ADELI pseudonyms stay in the same department."""
    generalize: dict[str, str] = field(default_factory=dict)
    """Column -> generalisation level (``scanner.generalize.LEVELS``): the original cell,
    generalised, is written instead of its surrogate."""
    keep_weekday: bool = False
    """Dates move by whole weeks (``--date-shift-keep weekday``): each keeps its weekday."""

    def operator_for(self, entity_type: str) -> str:
        return self.operators.get(entity_type, FALLBACK_OPERATOR)


def _set_operator(operators: dict[str, str], entity: str, operator: str, origin: str) -> None:
    entity, operator = entity.strip(), operator.strip()
    if entity not in DEFAULT_OPERATORS:
        raise UsageError(f"{origin}: unknown entity type {entity!r}; use one of {', '.join(DEFAULT_OPERATORS)}")
    if operator not in OPERATORS:
        raise UsageError(f"{origin}: unknown operator {operator!r} for {entity}; use one of {', '.join(OPERATORS)}")
    operators[entity] = operator


def build_operators(config: Path | None, overrides: list[str]) -> dict[str, str]:
    """The default operators, then the ``[operators]`` table of the TOML file ``config``,
    then the ``ENTITY=OPERATOR`` overrides (``--operator``); ``UsageError`` if unusable.

    >>> build_operators(None, ["FR_NIR=mask"])["FR_NIR"], build_operators(None, [])["FR_NIR"]
    ('mask', 'pseudonym')
    >>> build_operators(None, ["NIR=mask"])
    Traceback (most recent call last):
    scanner.errors.UsageError: --operator: unknown entity type 'NIR'; use one of FR_NIR, ...
    """
    operators = dict(DEFAULT_OPERATORS)
    if config is not None:
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except OSError as error:
            raise UsageError(f"cannot read {config}: {error.strerror or error}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise UsageError(f"{config}: not valid TOML ({error})") from None
        table = data.get("operators", {})
        if not isinstance(table, dict) or set(data) - {"operators"}:
            raise UsageError(f"{config}: expected only an operators table, e.g. FR_NIR = \"mask\" under the operators header")
        for entity, operator in table.items():
            if not isinstance(operator, str):
                raise UsageError(f"{config}: the operator for {entity} must be a string")
            _set_operator(operators, entity, operator, str(config))
    for item in overrides:
        entity, sep, operator = item.partition("=")
        if not sep:
            raise UsageError(f"--operator {item!r}: expected ENTITY=OPERATOR, e.g. FR_NIR=mask")
        _set_operator(operators, entity, operator, "--operator")
    return operators
