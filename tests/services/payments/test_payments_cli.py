"""The command line of Платежи: import bank (exit 0 with unmatched), call log, report debtors / calls."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from statement_files import document, encode, statement

from mos_desktop.cli import main


def test_import_bank_call_log_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.sqlite3"
    statement_file = tmp_path / "kl_to_1c.txt"
    statement_file.write_bytes(encode(statement(document(number="1", amount="100.00"))))
    assert main(["--db", str(db), "import", "bank", str(statement_file)]) == 0
    out = capsys.readouterr().out
    assert "Не разнесено (разнесите вручную): 1 платёж на 100,00" in out.replace("\u00a0", " ")
    assert main(["--db", str(db), "import", "bank", str(statement_file)]) == 0
    assert "Уже загружены, пропущены: 1" in capsys.readouterr().out
    assert main(["--db", str(db), "report", "debtors", "--date", "2026-11-24", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    code = main(["--db", str(db), "call", "log", "--inn", "7707083893", "--outcome", "promised"])
    assert code == 1 and "ИНН 7707083893" in capsys.readouterr().err
    assert (
        main(["--db", str(db), "report", "calls", "--date", str(date(2026, 11, 24)), "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out) == []
