"""INS (Identifiant national de santé): a patient's NIR or NIA given with its OID.

Since 2021 every health record must carry the patient's INS once their identity is
qualified. The INS is the patient's matricule, their NIR (or, before a NIR is certified, their
NIA: same 15-character layout and key, see :mod:`scanner.identifiers.nir`), given together with
the OID of the register it comes from:

* ``1.2.250.1.213.1.4.8``: INS-NIR;
* ``1.2.250.1.213.1.4.9``: INS-NIA;
* ``1.2.250.1.213.1.4.10`` and ``1.2.250.1.213.1.4.11``: test identities (INS-NIR and INS-NIA
  of the test register, found in staging databases).

The matricule has the NIR's key; the OID alone says which register (:func:`register_of`).
In HL7 v2 messages the pair is written ``185057800608491^^^&1.2.250.1.213.1.4.8&ISO^INS``.

More information:

* https://esante.gouv.fr/produits-services/referentiel-ins (Référentiel INS, annexe OID)
* https://interop.esante.gouv.fr/ig/fhir/ins/ (FHIR identifier system urn:oid:1.2.250.1.213.1.4.8)

>>> validate('1 85 05 78 006 084 91')
'185057800608491'
>>> register_of('urn:oid:1.2.250.1.213.1.4.8'), register_of('1.2.250.1.213.1.4.10'), register_of('1.2.250.1.213.1.4.12')
('INS-NIR', 'INS-NIR test', None)
>>> validate('185057800608492')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> format('185057800608491')
'1 85 05 78 006 084 91'
"""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError

from scanner.identifiers import nir

INS_OIDS = {
    "1.2.250.1.213.1.4.8": "INS-NIR",
    "1.2.250.1.213.1.4.9": "INS-NIA",
    "1.2.250.1.213.1.4.10": "INS-NIR test",
    "1.2.250.1.213.1.4.11": "INS-NIA test",
}
"""The OID of each register an INS comes from (Référentiel INS)."""
OID_PATTERN = r"1\.2\.250\.1\.213\.1\.4\.(?:8|9|1[01])(?![\d.]*\d)"
"""An INS OID in text (not the start of a longer OID)."""
_OID = re.compile(OID_PATTERN)


def register_of(text: str) -> str | None:
    """The register an INS OID names (``urn:oid:`` prefix allowed), or None.

    >>> register_of('1.2.250.1.213.1.4.9')
    'INS-NIA'
    """
    if not isinstance(text, str):
        return None
    oid = text.strip().removeprefix("urn:oid:")
    return INS_OIDS.get(oid) if _OID.fullmatch(oid) else None


def holds_oid(text: str) -> bool:
    """Whether ``text`` holds an INS OID anywhere.

    >>> holds_oid('185057800608491^^^&1.2.250.1.213.1.4.8&ISO^INS'), holds_oid('1.2.250.1.213.1.4.80')
    (True, False)
    """
    return isinstance(text, str) and _OID.search(text) is not None


def compact(number: str) -> str:
    """The matricule without separators (``nir.compact``)."""
    return nir.compact(number)


def validate(number: str) -> str:
    """Check the matricule as a NIR or NIA (layout and key); return it compact."""
    return nir.validate(number)


def is_valid(number: str) -> bool:
    """Tell whether the matricule is a valid NIR or NIA; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str) -> str:
    """The matricule as on a Carte Vitale (``nir.format``)."""
    return nir.format(number)
