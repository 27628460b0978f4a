"""The CSV writer's fast path (a one-line row without quotes) gives the same units and the
same output bytes as its general path (quote-aware rows, as ``scan`` reads them)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from scanner.readers.csv_export import MAX_ROW_CHARS
from scanner.redact.writers import WriteOptions, csv_writer
from scanner.redact.writers.csv_writer import CsvWriter

CONTENTS = {
    "plain": "id,nom,note\n1,ROUX,vu\n2,DUPONT,\n3,,RAS\n",
    "crlf": "id,nom,note\r\n1,ROUX,vu\r\n2,DUPONT,\r\n",
    "cr only": "id,nom\r1,ROUX\r2,DUPONT\r",
    "cr before crlf": "id,nom\n1,ROUX\r\r\n2,DUPONT\n",
    "cr at the end": "id,nom\n1,ROUX\n2,DUPONT\r",
    "cr in a cell": "id,nom\n1,RO\rUX\n2,DUPONT\n",
    "no last newline": "id,nom\n1,ROUX\n2,DUPONT",
    "blank lines": "\n\nid,nom\n\n1,ROUX\n \n\n2,DUPONT\n3,LÉA\n\n\n",
    "row of delimiters": "id,nom\n,\n1,ROUX\n",
    "quoted multi-line": 'id,nom,note\n1,"ROUX, Anne","vu\nle 3"\n2,DUPONT,x\n3,"A""B",y\n4,C,z\n',
    "never closed": 'id,nom\n1,"ROUX\n2,DUPONT\n3,LÉA\n',
    "wrong width": "id,nom\n1\n2,ROUX,x\n3,DUPONT\n",
    "one column": "nom\nROUX\n\n \nDUPONT\n",
    "nul byte": "id,nom\n1,RO\0UX\n2,DUPONT\n",
    "semicolons": "id;nom;note\n1;ROUX, Anne;vu\n2;DUPONT;\n",
    "tabs": "id\tnom\n1\tROUX\n\t\n2\tDUPONT\n",
    "bom": "\ufeffid,nom\n1,ROUX\n2,DUPONT\n",
    "no id column": "nom,ville\nROUX,Lyon\nDUPONT,\n",
    "repeated names": 'id,nom,nom,nom_2\n1,ROUX,LÉA,ANNE\n2,"DUPONT",MARC,JO\n3,A,B,C\n4,D,E,F\n',
}
ENCODINGS = ("utf-8", "cp1252", "utf-16", "utf-8-sig")


def units_and_output(path: Path, tmp_path: Path, options: WriteOptions) -> tuple[list, bytes]:
    target = tmp_path / f"out{len(list(tmp_path.iterdir()))}.csv"
    writer = CsvWriter(path, target, options)
    units = list(writer.units())
    for number, unit in enumerate(units):
        if unit.record is None or unit.errors:
            writer.emit(unit, None)
            continue
        names = [name for name in unit.record.fields if name != "id"]
        writer.emit(unit, [
            {name: f'{unit.record.fields[name]}, "x"\n' for name in names},  # to be quoted
            {},
            {name: unit.record.fields[name][::-1] + "É" for name in names},  # plain
            {name: "É" for name in names[:1]},
        ][number % 4])
    writer.close()
    read = [(unit.record, unit.errors, unit.payload[:4] if unit.record else unit.payload) for unit in units]
    return read, target.read_bytes()  # the payload's last item only tells emit a row is plain


def same_on_both_paths(path: Path, tmp_path: Path, monkeypatch, options: WriteOptions = WriteOptions()) -> None:
    fast = units_and_output(path, tmp_path, options)
    with monkeypatch.context() as patched:
        patched.setattr(csv_writer, "MAX_ROW_CHARS", -1)  # no row is short enough: the general path only
        general = units_and_output(path, tmp_path, options)
    assert fast == general
    assert csv_writer.MAX_ROW_CHARS == MAX_ROW_CHARS


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", CONTENTS)
def test_fast_and_general_paths_agree(name, encoding, tmp_path, monkeypatch):
    path = tmp_path / ("p.tsv" if name == "tabs" else "p.csv")
    path.write_bytes(CONTENTS[name].encode(encoding, errors="replace"))
    same_on_both_paths(path, tmp_path, monkeypatch)


def test_fast_and_general_paths_agree_on_undecodable_bytes(tmp_path, monkeypatch):
    path = tmp_path / "p.csv"
    path.write_bytes(b"id,nom\n1,RO\xffUX\n2,DUPONT\n\n3,L\xc3\xa9A\n4,\xe9\n")
    same_on_both_paths(path, tmp_path, monkeypatch, WriteOptions(encoding="utf-8"))


def test_fast_and_general_paths_agree_on_gzip(tmp_path, monkeypatch):
    path = tmp_path / "p.csv.gz"
    path.write_bytes(gzip.compress(CONTENTS["quoted multi-line"].encode(), mtime=0))
    same_on_both_paths(path, tmp_path, monkeypatch, WriteOptions(compress=True))


def test_fast_path_units(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"id,nom\n1,ROUX\n\n2,DUPONT\n")
    units = list(CsvWriter(path, tmp_path / "out.csv").units())
    assert [(u.record.record, u.record.line, u.record.fields) for u in units if u.record] == [
        ("1", 2, {"id": "1", "nom": "ROUX"}), ("2", 4, {"id": "2", "nom": "DUPONT"})]
    assert units[1].payload == ([], ["1,ROUX\n"], ["1", "ROUX"], {"id": [0], "nom": [1]}, "\n")  # fast path
    assert units[2].payload == (["\n"], ["2,DUPONT\n"], ["2", "DUPONT"], {"id": [0], "nom": [1]}, None)  # after a blank


@pytest.mark.parametrize("row", ["1,Jean Dupont,Marie Curie,Paul Martin\n", '1,"Jean Dupont",Marie Curie,Paul Martin\n'])
def test_every_cell_of_a_repeated_column_name_is_replaced(row, tmp_path):
    """A header that repeats a name (``nom,nom,nom_2``: read as ``nom, nom_2, nom_2``) has each
    of its cells written from the record's one value for that name, on either path."""
    path = tmp_path / "p.csv"
    path.write_text("id,nom,nom,nom_2\n" + row, encoding="utf-8")
    writer = CsvWriter(path, tmp_path / "out.csv")
    units = list(writer.units())
    writer.emit(units[0], None)
    writer.emit(units[1], {"nom": "Luc Roy", "nom_2": "Ana Gil"})
    writer.close()
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[1] in (
        "1,Luc Roy,Ana Gil,Ana Gil", '1,"Luc Roy",Ana Gil,Ana Gil')
