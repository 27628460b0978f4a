"""vigie never opens a network connection: a full scan with every socket call failing."""

import json
import subprocess
import sys
import textwrap

NO_NETWORK = textwrap.dedent(
    """
    import socket, sys

    def refuse(*args, **kwargs):
        sys.stderr.write("NETWORK ATTEMPT %r\\n" % (args[:2],))
        raise OSError("network disabled by test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.socket.sendto = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    from scanner.cli.app import main
    sys.argv = ["vigie", *sys.argv[1:]]
    main()
    """
)

NOTES = [
    {"id": "A1", "text": "Mme Camille ROUX, courriel camille.roux@orange.fr, tél 06 12 34 56 78."},
    {"id": "A2", "text": "Contact : j.martin@hopital-exemple.fr ou secretariat@cabinet-medical.com"},
    {"id": "A3", "text": "NIR 2 95 10 99 126 111 93, RIB FR76 3000 6000 0112 3456 7890 189"},
]


def test_scan_with_network_disabled_attempts_no_connection(tmp_path):
    notes = tmp_path / "notes.jsonl"
    notes.write_text("\n".join(json.dumps(n, ensure_ascii=False) for n in NOTES) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TLDEXTRACT_CACHE": str(tmp_path / "tld")}
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "scan", str(notes), "--report", str(report)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert "NETWORK ATTEMPT" not in result.stderr
    assert result.returncode == 0, result.stderr
    entities = json.loads(report.read_text())["entities"]
    assert entities["EMAIL_ADDRESS"] == 3
    assert entities["FR_NIR"] == 1
    assert entities["IBAN_CODE"] == 1
    assert entities["PHONE_NUMBER"] == 1
