"""benchmarks/columnar_floor.py: its vectorised checks count the cells that pass, and only those."""

import pyarrow as pa

from benchmarks.columnar_floor import check_columns
from benchmarks.generate_dump import Truth, iter_rows

HEADER = ["id", "nom", "prenom", "date_naissance", "nir", "telephone", "email", "adresse", "cp", "ville",
          "medecin_rpps", "notes"]


def test_columnar_checks_count_valid_cells_and_reject_broken_keys(tmp_path):
    rows = [list(row) for row in iter_rows(300, 0.0, 0.1, 3, Truth("csv", tmp_path / "t.csv"))]
    nir, rpps, phone, email, born = (HEADER.index(c) for c in ("nir", "medecin_rpps", "telephone", "email", "date_naissance"))
    rows[0][nir] = rows[0][nir][:13] + f"{(int(rows[0][nir][13:]) + 1) % 100:02d}"  # wrong key
    rows[1][rpps] = rows[1][rpps][:10] + str((int(rows[1][rpps][10]) + 1) % 10)  # wrong Luhn digit
    rows[2][phone] = "12 34"
    rows[3][email] = "nobody"
    rows[4][born] = "1990-02-30"
    table = pa.table({name: [row[i] or "" for row in rows] for i, name in enumerate(HEADER)})
    assert check_columns(table) == {"nir": 299, "medecin_rpps": 299, "telephone": 299, "email": 299, "date_naissance": 299}
