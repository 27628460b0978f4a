"""UTF-16 and UTF-32 inputs (Excel "Unicode text" exports): read by every text reader, with
or without BOM, with or without ``--encoding``; redacted in their encoding, BOM kept."""

from __future__ import annotations

import codecs

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.hostile.harness import nir_with_key

NIR = nir_with_key("2630397154375")
CONTENTS = {
    "notes.txt": f"Mme Anne ROUX, née le 3 mars 1961, NIR {NIR}.\n",
    "export.tsv": f"nom\tprénom\tnir\r\nROUX\tAnne\t{NIR}\r\nDURAND\tPaul\t\r\n",
    "export.csv": f"nom;prénom;nir\r\nROUX;Anne;{NIR}\r\n",
    "notes.jsonl": f'{{"id": 1, "nir": "{NIR}"}}\n{{"id": 2, "nom": "ROUX"}}\n',
    "notes.json": f'[\n  {{"id": 1, "nir": "{NIR}"}},\n  {{"id": 2, "nom": "ROUX"}}\n]\n',
    "dump.sql": f"CREATE TABLE `p` (`id` int, `nir` text);\nINSERT INTO `p` VALUES (1,'{NIR}'),(2,'é');\n",
    "pg.sql": f"CREATE TABLE public.p (id int, nir text);\nCOPY public.p (id, nir) FROM stdin;\n1\t{NIR}\n2\té\n\\.\n",
}
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"]


@pytest.mark.parametrize("given", [False, True], ids=["detected", "--encoding"])
@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", list(CONTENTS))
def test_wide_encodings_are_read_by_every_text_reader(tmp_path, name, encoding, given):
    path = tmp_path / name
    path.write_bytes(CONTENTS[name].encode(encoding))
    items = list(read_records(path, encoding=encoding.split("-l")[0].split("-b")[0] if given else None))
    errors = [i for i in items if isinstance(i, ReadError)]
    values = [v for i in items if isinstance(i, Record) for v in i.fields.values()]
    assert not errors
    assert any(NIR in value for value in values)
    assert not any("\ufeff" in value or "\0" in value for value in values)


KEY = b"k" * 32


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
@pytest.mark.parametrize("name", ["notes.txt", "export.tsv", "notes.jsonl", "notes.json"])
def test_redact_keeps_a_wide_encoding_and_its_bom(tmp_path, detector, name, encoding):
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_bytes(CONTENTS[name].encode(encoding))
    target = tmp_path / name
    redact_path(source, target, RedactionPolicy(key=KEY), detector=detector, verify=True)
    written = target.read_bytes()
    text = written.decode(encoding)
    assert (encoding in ("utf-16", "utf-32")) == written.startswith(codecs.BOM_UTF16_LE)  # the BOM: FF FE
    assert NIR not in text and "ROUX" not in text
    assert text.count("\n") == CONTENTS[name].count("\n")
