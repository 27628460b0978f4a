"""Presidio recognizer for the INS: a NIR or NIA written with its INS OID."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer, after_label
from scanner.identifiers import ins

_SEP = r"[ .\-]?"
_MATRICULE = rf"[1-478]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[AB]){_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}"
_GAP = r"[^\n\d.;]{0,40}"
"""What may stand between the matricule and its OID: no digit, no line break, no end of
sentence (``^^^&``, ``(OID ``, ``, OID : ``)."""


class FrInsRecognizer(FrenchPatternRecognizer):
    """Recognize an INS: a matricule (NIR or NIA, 15 characters) next to an INS OID
    (``1.2.250.1.213.1.4.8`` to ``.4.11``): followed by it on the same line (HL7
    ``matricule^^^&OID&ISO``), or right after it ("OID 1.2.250.1.213.1.4.8 : matricule"; in a
    table or a JSON object the OID's own column marks the matricule's, see
    ``scanner.columns.is_ins_oid_column``). The span is the matricule alone; the OID is no
    personal data.

    ``validate_result`` policy:

    * True (score 1.0): the matricule's key is right (the same span as an FR_NIR of the same
      score: FR_INS is listed first, so it wins);
    * False (dropped): a wrong key (a NIR with a wrong key stays a FR_NIR candidate).
    """

    ENTITY = "FR_INS"
    MIN_DIGITS = 20  # 12 of the matricule at least, 10 of the OID
    TEXT_NEEDS = r"1\.2\.250\.1\.213\.1\.4\."
    """The INS OIDs' common start (every pattern checks the OID around the matricule)."""
    PATTERNS = [
        Pattern("INS (matricule, then OID)", rf"\b{_MATRICULE}\b(?={_GAP}{ins.OID_PATTERN})", 0.5),
        Pattern("INS (OID, then matricule)", after_label(list(ins.INS_OIDS), rf"{_MATRICULE}\b"), 0.5),
    ]
    CONTEXT = ["ins", "matricule", "oid"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return ins.is_valid(pattern_text)
