"""`vigie risk` and `vigie redact` read files only: a database URL exits 2 with a clear
message that never shows its password."""

import pytest

URLS = [
    # the URL, how the message starts (without the password; an address-like user@host masked)
    ("postgresql://audit:S3cretPw@127.0.0.1:1/cabinet", "postgresql://audit@127.*.0.1:1/cabinet"),  # an IP is masked
    ("mysql+pymysql://audit:S3cretPw@db.local/cabinet", "mysql+pymysql://a****@d*.local/cabinet"),
    ("mariadb://audit:S3cretPw@db.local:3307/cabinet", "mariadb://a****@d*.local:3307/cabinet"),
    ("sqlite:///srv/cabinet.db", "sqlite:///srv/cabinet.db"),
]


@pytest.mark.parametrize("url, shown", URLS)
@pytest.mark.parametrize("command", ["risk", "redact"])
def test_database_url_exits_2_without_its_password(cli_runner, cli_app, tmp_path, command, url, shown):
    output = tmp_path / "out.sql"
    argv = [command, url] + (["-o", str(output)] if command == "redact" else [])
    result = cli_runner.invoke(cli_app, argv)
    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"{shown}: vigie {command} does not read live databases yet; dump it first" in message
    assert "S3cretPw" not in result.output and "no such file" not in message
    assert not output.exists()
