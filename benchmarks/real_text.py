"""Detection on real third-party French text: recall and precision per entity type against
the corpora's own labels, and record classes, next to the figures of the generated notes.

Usage: python -m benchmarks.real_text [--data DIR] [--limit N] [--json FILE] [--misses FILE]

The corpora are the development set of ``../shared/realdata/text`` (beside the repository;
``VIGIE_REALDATA`` names another ``realdata`` folder): eds-pseudo (fictitious AP-HP
clinical documents), QUAERO (MEDLINE titles and EMEA drug leaflets) and Mantra (EMEA,
MEDLINE, patents). Each document's text goes through vigie's free-text path
(``Detector.detect_batch``, as ``vigie scan`` does for a note field).

Span matching is by overlap: a labelled span is found when a predicted span of its
mapped type overlaps it; a predicted span is correct when it overlaps a labelled span of
its type. ``exact`` counts the labelled spans predicted with the same bounds.

>>> gold = [("PERSON", 0, 6), ("PERSON", 7, 13), ("DATE_TIME", 20, 30)]
>>> tallies = score_spans(gold, [("PERSON", 0, 13), ("PHONE_NUMBER", 40, 54)])
>>> tallies["PERSON"], tallies["DATE_TIME"].recall, tallies["PHONE_NUMBER"].precision
(Tally(gold=2, found=2, exact=0, predicted=1, correct=1), 0.0, 0.0)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("VIGIE_REALDATA") or REPO.parent / "shared" / "realdata") / "text"

LABEL_TO_ENTITY = {
    "NOM": "PERSON",
    "PRENOM": "PERSON",
    "TEL": "PHONE_NUMBER",
    "MAIL": "EMAIL_ADDRESS",
    "SECU": "FR_NIR",
    "ADRESSE": "ADDRESS",
    "VILLE": "ADDRESS",
    "ZIP": "ADDRESS",
    "DATE": "DATE_TIME",
    "DATE_NAISSANCE": "DATE_TIME",
    "DISO": "DIAGNOSIS",
    "CHEM": "MEDICATION",
    "PROC": "PROCEDURE",
    "IPP": "FR_PATIENT_ID",
    "NDA": "FR_PATIENT_ID",
    "HOPITAL": "HEALTH_FACILITY",
}
"""Corpus label -> vigie entity type (``shared/realdata/README.md``). ``HEALTH_FACILITY``
is the planned name of a type vigie does not have yet: its recall is 0 until it does.
``PROC`` (QUAERO, Mantra) also labels generic acts ("traitement", "étude", "administration")
and laboratory methods that reveal no one's care: read ``PROCEDURE`` recall with that in mind."""

RECALL_ONLY = frozenset({"MEDICATION"})
"""Types whose precision says nothing: CHEM also labels chemicals that are no drug."""

BATCH = 32


@dataclass(frozen=True)
class Corpus:
    name: str
    file: str
    split: bool = False
    """Whether to give figures per sub-corpus (``meta.subcorpus``, else the folder of ``meta.path``)."""


CORPORA = (
    Corpus("eds-pseudo", "eds_pseudo_dev.jsonl"),
    Corpus("QUAERO", "quaero_train_dev.jsonl", split=True),
    Corpus("Mantra", "mantra_fr.jsonl", split=True),
)


@dataclass
class Tally:
    """Counts of one entity type in one corpus."""

    gold: int = 0
    found: int = 0
    """Labelled spans overlapped by a prediction of their type."""
    exact: int = 0
    """Labelled spans predicted with the same bounds."""
    predicted: int = 0
    correct: int = 0
    """Predicted spans that overlap a labelled span of their type."""

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    def add(self, other: Tally) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


Span = tuple[str, int, int]
"""``(entity_type, start, end)``, end exclusive."""


def gold_spans(entities: Iterable[dict]) -> list[Span]:
    """A document's labelled spans under vigie's types; labels without one are left out.

    >>> gold_spans([{"start": 0, "end": 5, "label": "NOM"}, {"start": 9, "end": 12, "label": "ANAT"},
    ...             {"start": 20, "end": 27, "label": "OBJC|CHEM"}])
    [('PERSON', 0, 5), ('MEDICATION', 20, 27)]
    """
    spans = []
    for entity in entities:
        types = {LABEL_TO_ENTITY[label] for label in entity["label"].split("|") if label in LABEL_TO_ENTITY}
        spans.extend((entity_type, entity["start"], entity["end"]) for entity_type in sorted(types))
    return spans


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


@dataclass
class Comparison:
    """One document's labelled and predicted spans, each with whether it was matched."""

    gold: list[tuple[Span, bool, bool]] = field(default_factory=list)
    """``(span, found, exact)``."""
    predicted: list[tuple[Span, bool]] = field(default_factory=list)
    """``(span, correct)``."""


def compare(gold: list[Span], predicted: list[Span]) -> Comparison:
    """Match a document's spans by overlap (many to many) and by exact bounds.

    >>> compare([("ADDRESS", 10, 20), ("ADDRESS", 22, 27)], [("ADDRESS", 10, 27), ("PERSON", 0, 5)])
    Comparison(gold=[(('ADDRESS', 10, 20), True, False), (('ADDRESS', 22, 27), True, False)], \
predicted=[(('ADDRESS', 10, 27), True), (('PERSON', 0, 5), False)])
    """
    exact = set(predicted)
    return Comparison(
        [(g, any(_overlaps(g, p) for p in predicted), g in exact) for g in gold],
        [(p, any(_overlaps(p, g) for g in gold)) for p in predicted],
    )


def tally(comparison: Comparison) -> dict[str, Tally]:
    """Per-type counts of one comparison."""
    tallies: dict[str, Tally] = {}
    for (entity_type, _, _), found, exact in comparison.gold:
        t = tallies.setdefault(entity_type, Tally())
        t.gold += 1
        t.found += found
        t.exact += exact
    for (entity_type, _, _), correct in comparison.predicted:
        t = tallies.setdefault(entity_type, Tally())
        t.predicted += 1
        t.correct += correct
    return tallies


def score_spans(gold: list[Span], predicted: list[Span]) -> dict[str, Tally]:
    """Per-type counts of one document (``compare`` then ``tally``)."""
    return tally(compare(gold, predicted))


@dataclass
class Document:
    id: str
    text: str
    gold: list[Span]
    part: str
    """The corpus and sub-corpus it is counted in, e.g. ``QUAERO MEDLINE``."""
    labels: list[Span] = field(default_factory=list)
    """Every labelled span under the corpus's own label (``PROC``, ``ANAT``... included)."""


def subcorpus(meta: dict) -> str:
    """The sub-corpus a document belongs to, upper-case.

    >>> subcorpus({"path": "CLEF_2017/dataset/corpus/dev/EMEA/118_1.txt"}), subcorpus({"subcorpus": "Medline"})
    ('EMEA', 'MEDLINE')
    """
    return (meta.get("subcorpus") or PurePosixPath(meta.get("path", "")).parent.name).upper()


def read_corpus(path: Path, corpus: Corpus) -> tuple[list[Document], set[str]]:
    """The documents of one corpus file and the vigie types its labels map to (over the
    whole file)."""
    documents, labelled = [], set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            gold = gold_spans(row["entities"])
            labelled.update(entity_type for entity_type, _, _ in gold)
            part = f"{corpus.name} {subcorpus(row['meta'])}" if corpus.split else corpus.name
            labels = [(e["label"], e["start"], e["end"]) for e in row["entities"]]
            documents.append(Document(row["id"], row["text"], gold, part, labels))
    return documents, labelled


def first_per_part(documents: list[Document], limit: int | None) -> list[Document]:
    """The first ``limit`` documents of each sub-corpus (all when ``limit`` is None), in
    file order.

    >>> docs = [Document(str(i), "", [], part) for i, part in enumerate("AABBBA")]
    >>> [d.id for d in first_per_part(docs, 2)]
    ['0', '1', '2', '3']
    """
    if limit is None:
        return documents
    taken: Counter = Counter()
    kept = []
    for document in documents:
        if taken[document.part] < limit:
            taken[document.part] += 1
            kept.append(document)
    return kept


@dataclass
class PartResult:
    """The figures of one corpus or sub-corpus."""

    documents: int = 0
    labelled: set[str] = field(default_factory=set)
    entities: dict[str, Tally] = field(default_factory=dict)
    classes: Counter = field(default_factory=Counter)


@dataclass
class Miss:
    part: str
    document: str
    kind: str
    """``missed`` (a labelled span no prediction overlaps), ``spurious`` (a prediction that
    overlaps no labelled span of its type) or ``unlabelled`` (a prediction of a type the
    corpus does not label)."""
    span: Span
    context: str
    label: str
    """What else covers the span: the predicted types over a missed span, the corpus's own
    labels (all of them, ``PROC`` or ``ANAT`` too) under a spurious or unlabelled one."""


def in_context(text: str, start: int, end: int, width: int = 40) -> str:
    """The span in brackets with ``width`` characters either side, on one line.

    >>> in_context("Vu ce jour M. ROUX pour\\nsuivi.", 14, 18, width=6)
    '…ur M. [ROUX] pour⏎…'
    """
    before = ("…" if start > width else "") + text[max(0, start - width):start]
    after = text[end:end + width] + ("…" if end + width < len(text) else "")
    return f"{before}[{text[start:end]}]{after}".replace("\n", "⏎").replace("\t", " ")


def misses_of(document: Document, comparison: Comparison, labelled: set[str]) -> Iterator[Miss]:
    """The missed, spurious and unlabelled spans of one document."""
    text = document.text
    for span, found, _ in comparison.gold:
        if not found:
            over = sorted({p[0] for p, _ in comparison.predicted if p[1] < span[2] and span[1] < p[2]})
            yield Miss(document.part, document.id, "missed", span, in_context(text, *span[1:]), ",".join(over))
    for span, correct in comparison.predicted:
        if not correct:
            under = sorted({label for label, start, end in document.labels if start < span[2] and span[1] < end})
            kind = "spurious" if span[0] in labelled else "unlabelled"
            yield Miss(document.part, document.id, kind, span, in_context(text, *span[1:]), ",".join(under))


@dataclass
class RealTextReport:
    parts: dict[str, PartResult] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    supported: set[str] = field(default_factory=set)
    """The entity types vigie can report."""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "matching": "overlap",
            "parts": {
                name: {
                    "documents": part.documents,
                    "classes": dict(sorted(part.classes.items())),
                    "entities": {
                        entity_type: {**asdict(t), "recall": rounded(t.recall),
                                      "precision": rounded(precision_shown(entity_type, part, t)),
                                      "note": note(entity_type, part, self.supported)}
                        for entity_type, t in sorted(part.entities.items())
                    },
                }
                for name, part in self.parts.items()
            },
            "seconds": round(self.seconds, 1),
        }


def precision_shown(entity_type: str, part: PartResult, t: Tally) -> float | None:
    """The precision worth reading: none for a recall-only type or a type the corpus does
    not label."""
    return None if entity_type in RECALL_ONLY or entity_type not in part.labelled else t.precision


def note(entity_type: str, part: PartResult, supported: set[str]) -> str:
    """Why a figure reads as it does, or ``""``.

    >>> part = PartResult(labelled={"PERSON", "HEALTH_FACILITY", "MEDICATION"})
    >>> [note(t, part, {"PERSON", "MEDICATION", "DIAGNOSIS"}) for t in ("PERSON", "HEALTH_FACILITY", "MEDICATION", "DIAGNOSIS")]
    ['', 'not detected (no vigie type yet)', 'recall only', 'not labelled in this corpus']
    """
    if entity_type not in supported:
        return "not detected (no vigie type yet)"
    if entity_type not in part.labelled:
        return "not labelled in this corpus"
    return "recall only" if entity_type in RECALL_ONLY else ""


def evaluate(data: Path = DEFAULT_DATA, limit: int | None = None) -> RealTextReport:
    """Scan every corpus of ``data`` (the first ``limit`` documents of each sub-corpus) and
    score the findings against the labels."""
    from scanner.classify import classify
    from scanner.detect import Detector
    from scanner.engine import LANGUAGE
    from scanner.models import Record

    detector = Detector()
    report = RealTextReport(supported=set(detector.analyzer.get_supported_entities(LANGUAGE)))
    started = time.perf_counter()
    for corpus in CORPORA:
        documents, labelled = read_corpus(data / corpus.file, corpus)
        documents = first_per_part(documents, limit)
        for i in range(0, len(documents), BATCH):
            batch = documents[i:i + BATCH]
            records = [Record(corpus.file, None, d.id, {"text": d.text}) for d in batch]
            for document, findings in zip(batch, detector.detect_batch(records)):
                part = report.parts.setdefault(document.part, PartResult(labelled=labelled))
                comparison = compare(document.gold, [(f.entity_type, f.start, f.end) for f in findings])
                for entity_type, t in tally(comparison).items():
                    part.entities.setdefault(entity_type, Tally()).add(t)
                part.documents += 1
                part.classes[classify(findings)[0].value] += 1
                report.misses.extend(misses_of(document, comparison, labelled))
    report.seconds = time.perf_counter() - started
    return report


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def format_report(report: RealTextReport, generated=None) -> str:
    """The tables: per entity, record classes, and the generated notes (a
    ``benchmarks.quality.QualityReport``) when given."""
    lines = [
        "Span matching: overlap. A labelled span is found when a predicted span of its type",
        "overlaps it; a predicted span is correct when it overlaps a labelled span of its type.",
        "exact: labelled spans predicted with the same bounds.",
        "",
        f"{'corpus':<16}{'entity':<17}{'gold':>6}{'pred':>6}{'recall':>8}{'prec':>7}{'exact':>7}  note",
    ]
    for name, part in report.parts.items():
        for entity_type, t in sorted(part.entities.items(), key=lambda item: (item[0] not in part.labelled, item[0])):
            lines.append(
                f"{name:<16}{entity_type:<17}{t.gold:>6}{t.predicted:>6}{_figure(t.recall):>8}"
                f"{_figure(precision_shown(entity_type, part, t)):>7}{t.exact if t.gold else '—':>7}"
                f"  {note(entity_type, part, report.supported)}".rstrip()
            )
    if generated is not None:
        lines.append("")
        lines.append("generated notes (benchmarks.quality: one prediction matches one labelled span)")
        for entity_type, s in sorted(generated.entities.items()):
            lines.append(
                f"{'generated notes':<16}{entity_type:<17}{s.true_positives + s.false_negatives:>6}"
                f"{s.true_positives + s.false_positives:>6}{s.recall:>8.2f}{s.precision:>7.2f}{'—':>7}"
            )
    lines += ["", "Record classes", f"{'corpus':<16}{'documents':>10}{'sensitive':>11}{'administrative':>16}{'none':>6}"]
    classes = [(name, part.documents, part.classes) for name, part in report.parts.items()]
    if generated is not None:
        predicted = Counter()
        for (_, got), n in generated.class_confusion.items():
            predicted[got] += n
        classes.append(("generated notes", generated.records, predicted))
    for name, documents, counts in classes:
        lines.append(
            f"{name:<16}{documents:>10}{counts['sensitive']:>11}{counts['administrative']:>16}{counts['none']:>6}"
        )
    if generated is not None:
        lines.append(f"generated notes: record-class accuracy {generated.class_accuracy:.3f}")
    lines.append(f"\n{sum(p.documents for p in report.parts.values())} documents in {report.seconds:.1f} s")
    return "\n".join(lines)


def write_misses(misses: list[Miss], path: Path) -> None:
    """The missed, spurious and unlabelled spans as tab-separated lines, for reading."""
    with path.open("w", encoding="utf-8") as out:
        out.write("corpus\tdocument\tkind\tentity\tstart\tend\tcovered by\tcontext\n")
        for m in misses:
            entity_type, start, end = m.span
            out.write(f"{m.part}\t{m.document}\t{m.kind}\t{entity_type}\t{start}\t{end}\t{m.label}\t{m.context}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the corpora (default: %(default)s)")
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus or sub-corpus")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--misses", type=Path, metavar="FILE",
                        help="write the missed and spurious spans, in context, to FILE (never to the terminal)")
    parser.add_argument("--no-generated", action="store_true", help="leave out the generated notes (benchmarks.quality)")
    args = parser.parse_args(argv)
    absent = [c.file for c in CORPORA if not (args.data / c.file).is_file()]
    if absent:
        print(f"error: {args.data}: no {', '.join(absent)} (give the corpora's folder with --data)", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print(f"error: --limit {args.limit}: give a number of documents of 1 or more", file=sys.stderr)
        return 2
    report = evaluate(args.data, args.limit)
    generated = None
    if not args.no_generated:
        from benchmarks.quality import evaluate as evaluate_generated

        generated = evaluate_generated()
    print(f"python -m benchmarks.real_text {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, data: {args.data}\n")
    print(format_report(report, generated))
    if args.json:
        figures = report.to_dict()
        if generated is not None:
            figures["generated_notes"] = generated.to_dict()
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.misses:
        write_misses(report.misses, args.misses)
        print(f"{len(report.misses)} missed, spurious and unlabelled spans written to {args.misses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
