"""The command line of Платежи: import bank (exit 0 with unmatched), call log, report debtors / calls."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from statement_files import document, encode, statement

from mos_desktop.cli import main
from mos_desktop.services.payments.cli import CALL_OUTCOMES


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


def test_call_log_takes_the_guis_outcomes_and_a_russian_date(
    db: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from factories import client, invoice
    from sqlalchemy import select

    from mos_desktop import timeutil
    from mos_desktop.models import CallOutcome, CollectionCall

    today = date(2026, 11, 24)
    monkeypatch.setattr(timeutil, "today_moscow", lambda: today)
    with db.session() as s:
        owner = client(s, "ЖК Должник", inn="7707083893")
        invoice(s, owner, 5_000, date(2026, 10, 15), number="С-1", due_on=date(2026, 10, 25))
    path = str(db.path)
    promise = today + timedelta(days=10)
    args = ["--db", path, "call", "log", "--inn", "7707083893", "--outcome"]
    assert main([*args, "promised", "--promise-date", f"{promise:%d.%m.%Y}"]) == 0, capsys.readouterr().err
    assert main([*args, "promised", "--promise-date", promise.isoformat()]) == 0
    assert main([*args, "invoice_resent"]) == 0, capsys.readouterr().err  # as README.md says
    with db.session() as s:
        rows = s.execute(select(CollectionCall.outcome, CollectionCall.promise_date)).all()
    assert sorted((str(o), d) for o, d in rows) == sorted(
        [("promised", promise), ("promised", promise), ("invoice_resent", None)]
    )
    assert main([*args, "promised", "--promise-date", "15/12/2026"]) == 2
    assert "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД" in capsys.readouterr().err
    assert {o.value for o in CallOutcome} == set(CALL_OUTCOMES)


def test_the_readme_names_the_cli_outcomes() -> None:
    readme = Path(__file__).resolve().parents[3] / "README.md"
    line = next(line for line in readme.read_text(encoding="utf-8").splitlines() if "call log --inn" in line)
    named = line.split("--outcome ", 1)[1].split(" ", 1)[0].replace("\\|", "|").split("|")
    assert named == list(CALL_OUTCOMES)
