"""The redaction key: key file, $VIGIE_KEY, or an ephemeral key; clear errors."""

import base64
import os
import stat

import pytest

from scanner.errors import UsageError
from scanner.redact.keys import KEY_ENV, MIN_KEY_BYTES, generate_key_file, load_key

HEX_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"


def test_generate_key_file_writes_hex_with_mode_0600(tmp_path):
    path = tmp_path / "vigie.key"
    generate_key_file(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key, ephemeral = load_key(path, environ={})
    assert len(key) == 32 and not ephemeral
    assert path.read_text().strip() == key.hex()


def test_generate_key_file_refuses_to_overwrite(tmp_path):
    path = tmp_path / "vigie.key"
    path.write_text("precious")
    with pytest.raises(UsageError, match="already exists"):
        generate_key_file(path)
    assert path.read_text() == "precious"


def test_generate_key_file_reports_a_missing_folder(tmp_path):
    with pytest.raises(UsageError, match="cannot create"):
        generate_key_file(tmp_path / "missing" / "vigie.key")


@pytest.mark.parametrize(
    "content, expected",
    [
        (HEX_KEY + "\n", bytes.fromhex(HEX_KEY)),
        ("  " + HEX_KEY.upper() + "  ", bytes.fromhex(HEX_KEY)),
        ("base64:" + base64.b64encode(b"k" * 24).decode(), b"k" * 24),
        ("une phrase secrète assez longue", "une phrase secrète assez longue".encode()),
    ],
)
def test_load_key_decodes_key_files(tmp_path, content, expected):
    path = tmp_path / "key"
    path.write_text(content, encoding="utf-8")
    assert load_key(path, environ={KEY_ENV: "ignored when a file is given"}) == (expected, False)


def test_load_key_accepts_a_binary_key_file(tmp_path):
    raw = bytes([0xFF, 0xFE]) + bytes(range(30))
    path = tmp_path / "key.bin"
    path.write_bytes(raw)
    assert load_key(path, environ={}) == (raw, False)


def test_load_key_from_environment():
    assert load_key(environ={KEY_ENV: HEX_KEY}) == (bytes.fromhex(HEX_KEY), False)


def test_load_key_without_file_or_environment_is_ephemeral_and_random():
    one, two = load_key(environ={}), load_key(environ={})
    assert one[1] and two[1] and len(one[0]) == 32 and one[0] != two[0]


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("deadbeef", "too short: 4 bytes"),
        ("short passphrase"[:10], "too short"),
        ("base64:!!!", "base64"),
        ("base64:" + base64.b64encode(b"k" * 8).decode(), "too short: 8 bytes"),
    ],
)
def test_load_key_rejects_bad_key_files(tmp_path, content, message):
    path = tmp_path / "key"
    path.write_text(content)
    with pytest.raises(UsageError, match=message):
        load_key(path, environ={})
    with pytest.raises(UsageError, match=message):
        load_key(environ={KEY_ENV: content})


def test_load_key_reports_an_unreadable_file(tmp_path):
    with pytest.raises(UsageError, match="cannot read key file"):
        load_key(tmp_path / "absent.key", environ={})
    with pytest.raises(UsageError, match="cannot read key file"):
        load_key(tmp_path, environ={})  # a folder


def test_minimum_key_length_is_16_bytes():
    assert MIN_KEY_BYTES == 16
    assert load_key(environ={KEY_ENV: "k" * 16})[0] == b"k" * 16
    with pytest.raises(UsageError):
        load_key(environ={KEY_ENV: "k" * 15})
