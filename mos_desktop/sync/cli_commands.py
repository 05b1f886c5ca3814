"""The ``server`` and ``sync`` sub-commands of ``mos-desktop`` (wired in by ``mos_desktop.cli``).

DSN: ``--dsn`` (refused when malformed or when it carries a password) or the saved connection settings
(``sync.settings``). Password of the connection:
``MOS_PG_PASSWORD`` or the keyring (``connection``); for ``server init`` / ``add-user`` run in a terminal
without either, the server's «no password» makes us ask once with ``getpass`` (kept for this run only).
A new login's password (``server add-user``): ``MOS_PG_PASSWORD_NEW`` or asked twice with ``getpass`` when
stdin is a terminal; never printed or logged.

Texts for people: tables and fields by their Russian titles (``sync.labels``), records by their human
names (``sync.records``), times in Moscow time; ``--format json`` keeps the machine values and adds those.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from mos_desktop.errors import UserError
from mos_desktop.sync.labels import (
    INTERNAL_COLUMNS,
    column_title,
    kind_title,
    moscow_text,
    table_title,
    value_text,
    who_text,
)

log = logging.getLogger("mos_desktop.cli")

ROLE_LABELS = {"manager": "менеджер по сопровождению", "warehouse": "кладовщик"}


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``server init``, ``server add-user``, ``sync [--once]``, ``sync status|conflicts|rejected``.

    Nothing heavy is imported here (psycopg, SQLAlchemy): the GUI's start-up builds this parser too.
    """
    server = commands.add_parser("server", help="подготовка общей базы PostgreSQL (для администратора)")
    what = server.add_subparsers(dest="what", metavar="ЧТО", parser_class=parser_class, required=True)
    init = what.add_parser("init", help="создать или обновить схему, объекты синхронизации и роли")
    _dsn_arg(init)
    init.set_defaults(handler=cmd_server_init)
    user = what.add_parser(
        "add-user",
        help="создать логин PostgreSQL (пароль — из MOS_PG_PASSWORD_NEW или запрашивается)",
    )
    user.add_argument("name", metavar="ИМЯ", help="логин")
    user.add_argument("--role", required=True, choices=("manager", "warehouse"), help="роль")
    _dsn_arg(user)
    user.set_defaults(handler=cmd_server_add_user)

    sync = commands.add_parser("sync", help="синхронизация с общей базой (без --once — до Ctrl+C)")
    sync.add_argument("--once", action="store_true", help="один цикл: отправить и получить, затем выйти")
    _dsn_arg(sync)
    sync.set_defaults(handler=cmd_sync)
    sync_what = sync.add_subparsers(dest="sync_what", metavar="[ЧТО]", parser_class=parser_class)
    status = sync_what.add_parser("status", help="ожидающие изменения, конфликты, последняя синхронизация")
    _format_arg(status)
    status.set_defaults(handler=cmd_sync_status)
    conflicts = sync_what.add_parser("conflicts", help="открытые конфликты")
    _format_arg(conflicts)
    conflicts.set_defaults(handler=cmd_sync_conflicts)
    rejected = sync_what.add_parser("rejected", help="изменения, которые сервер отклонил, с причиной")
    _format_arg(rejected)
    rejected.set_defaults(handler=cmd_sync_rejected)


def _dsn_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dsn",
        metavar="DSN",
        help="строка подключения libpq (postgresql://user@host:5432/db или host=… dbname=…); "
        "без пароля: он — в MOS_PG_PASSWORD или в хранилище паролей; "
        "по умолчанию — из настроек Сервис → Общая база…",
    )


def _format_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", dest="fmt", choices=("json", "text"), default="text", help="формат (text)"
    )


def _dsn(args: argparse.Namespace) -> str:
    """``--dsn`` (checked: well-formed, no password in it) or the saved settings."""
    if args.dsn is not None:
        from mos_desktop.sync.connection import SyncError, check_cli_dsn

        try:
            return check_cli_dsn(str(args.dsn))
        except SyncError as exc:
            raise UserError(str(exc)) from None
    from mos_desktop.sync.settings import saved_dsn

    dsn = saved_dsn()
    if not dsn:
        raise UserError(
            "Общая база не настроена: укажите --dsn или заполните Сервис → Общая база… (сервер, база, "
            "пользователь)."
        )
    return dsn


def _server_call(func: Any, *args: Any) -> Any:
    """An administrator's call (``server init`` / ``add-user``): nothing local changes, so connection
    failures give the bare reason. With no password anywhere and stdin a terminal, asks for it once."""
    import psycopg

    from mos_desktop.sync.connection import ConnectFailed, SyncError, use_password_for_this_run

    asked = False
    while True:
        try:
            return func(*args)
        except ConnectFailed as exc:
            if exc.kind == "no_password" and not asked and sys.stdin.isatty():
                asked = True
                who = f" (пользователь {exc.user})" if exc.user else ""
                use_password_for_this_run(getpass.getpass(f"Пароль администратора PostgreSQL{who}: "))
                continue
            raise UserError(exc.reason) from None
        except SyncError as exc:
            raise UserError(str(exc)) from None
        except psycopg.Error as exc:
            raise UserError(_refused(exc)) from None


def _refused(exc: Any) -> str:
    reason = (exc.diag.message_primary if exc.diag else None) or type(exc).__name__
    return f"Сервер отклонил команду: {reason}. Нужны права администратора PostgreSQL."


def _check_connection(dsn: str) -> None:
    from mos_desktop.sync.connection import connect

    connect(dsn).close()


def cmd_server_init(args: argparse.Namespace, _db_path: Path) -> int:
    from mos_desktop.sync.commands import server_init_report

    for line in _server_call(server_init_report, _dsn(args)):
        print(line)
    return 0


def _new_password() -> str:
    value = os.environ.get("MOS_PG_PASSWORD_NEW", "")
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            "Пароль нового пользователя: задайте переменную окружения MOS_PG_PASSWORD_NEW или запустите "
            "команду в терминале, чтобы ввести его."
        )
    first = getpass.getpass("Пароль нового пользователя: ")
    if not first:
        raise UserError("Пароль: пустой пароль недопустим — введите пароль.")
    if getpass.getpass("Повторите пароль: ") != first:
        raise UserError("Пароль: введённые пароли не совпадают — повторите команду.")
    return first


def cmd_server_add_user(args: argparse.Namespace, _db_path: Path) -> int:
    from mos_desktop.sync.server_schema import add_user, check_login_name, check_new_password

    dsn = _dsn(args)  # a wrong --dsn or login name is refused before the password is asked for
    check_login_name(args.name)
    _server_call(_check_connection, dsn)  # the administrator's password (if asked) before the new one
    password = _new_password()
    check_new_password(password)
    existed = _server_call(add_user, dsn, args.name, args.role, password)
    role = ROLE_LABELS[args.role]
    if existed:
        print(f"Логин {args.name} уже был: пароль заменён, роль «{role}».")
    else:
        print(f"Логин {args.name} создан: роль «{role}».")
    log.info("server add-user %s (%s, %s)", args.name, args.role, "existed" if existed else "created")
    return 0


def _open(db_path: Path, *, must_exist: bool = False) -> Any:
    from mos_desktop.db import open_database

    if must_exist and not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")

    return open_database(db_path)


def cmd_sync(args: argparse.Namespace, db_path: Path) -> int:
    if not args.once:
        return _run_foreground(_dsn(args), db_path)
    from mos_desktop.sync.commands import list_rejected, sync_once
    from mos_desktop.sync.connection import SyncError
    from mos_desktop.sync.records import rejected_with_records

    dsn = _dsn(args)
    database = _open(db_path)
    try:
        before = {r["op_id"] for r in list_rejected(database)}
        try:
            report = sync_once(database, dsn)
        except SyncError as exc:
            raise UserError(str(exc)) from None
        refused = [r for r in rejected_with_records(database) if r["op_id"] not in before]
    finally:
        database.dispose()
    print(
        f"Отправлено изменений: {report.pushed} (конфликтов: {report.conflicts}, отклонено: {report.rejected}); "
        f"получено: {report.pulled}."
    )
    for item in refused:
        print(f"  Отклонено: {_rejected_text(item)}")
    if report.pending:
        raise UserError(
            f"Не отправлено {report.pending} изменений, сделанных во время синхронизации: повторите."
        )
    if refused or report.rejected:
        print(
            f"Сервер отклонил изменений: {len(refused) or report.rejected} — они в списке отклонённых "
            "(Сервис → Синхронизация…)."
        )
    print("Синхронизировано.")
    return 0


def _run_foreground(dsn: str, db_path: Path) -> int:
    from mos_desktop.sync.runner import SyncProgress, SyncRunner, SyncStatus

    _open(db_path).dispose()  # create / migrate the local database first
    last: list[str] = []

    def on_status(status: SyncStatus) -> None:
        line = _status_line(status)
        if not last or last[-1] != line:
            last.append(line)
            print(line, flush=True)

    def on_progress(p: SyncProgress) -> None:
        if p.done == p.total:
            names = {"push": "отправлено", "pull": "получено", "snapshot": "загружено"}
            print(f"  {names[p.phase]}: {p.done} из {p.total}", flush=True)

    runner = SyncRunner(db_path, lambda: dsn, on_status=on_status, on_progress=on_progress)
    runner.start()
    print("Синхронизация запущена; остановить — Ctrl+C.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
    print("Синхронизация остановлена.")
    return 0


def _status_line(status: Any) -> str:
    if status.running:
        return "Синхронизация…"
    state = "в сети" if status.online else "не в сети"
    when = moscow_text(status.last_sync_at, suffix=True) or "ещё не было"
    line = (
        f"Общая база: {state}; последняя синхронизация: {when}; ожидают отправки: {status.pending}; "
        f"конфликтов: {status.conflicts}; отклонено: {status.rejected}"
    )
    return line + (f" — {status.error}" if status.error else "")


def cmd_sync_status(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.sync.commands import sync_status

    database = _open(db_path, must_exist=True)
    try:
        status = sync_status(database)
    finally:
        database.dispose()
    if args.fmt == "json":
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 0
    print(f"Ожидают отправки: {status['pending']}")
    print(f"Открытых конфликтов: {status['conflicts']}")
    print(f"Отклонённых изменений: {status['rejected']}")
    print(f"Последняя синхронизация: {moscow_text(status['last_sync'], suffix=True) or 'ещё не было'}")
    print(f"Позиция в журнале изменений: {status['cursor']}")
    return 0


def _listed(db_path: Path, what: str) -> list[dict[str, Any]]:
    from mos_desktop.sync import records

    database = _open(db_path, must_exist=True)
    try:
        if what == "conflicts":
            return records.conflicts_with_records(database)
        return records.rejected_with_records(database)
    finally:
        database.dispose()


def cmd_sync_conflicts(args: argparse.Namespace, db_path: Path) -> int:
    rows = _listed(db_path, "conflicts")
    if args.fmt == "json":
        for c in rows:
            c["table_title"], c["column_title"] = (
                table_title(c["table"]),
                column_title(c["column"], c["table"]),
            )
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print("Открытых конфликтов нет.")
    for c in rows:
        print(_conflict_text(c))
    return 0


def cmd_sync_rejected(args: argparse.Namespace, db_path: Path) -> int:
    rows = _listed(db_path, "rejected")
    if args.fmt == "json":
        for r in rows:
            r["table_title"], r["kind_title"] = table_title(r["table"]), kind_title(r["kind"])
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print("Отклонённых изменений нет.")
    for r in rows:
        print(_rejected_text(r, with_time=True))
    return 0


def _conflict_text(c: dict[str, Any]) -> str:
    """«Клиенты «ООО Ромашка», поле «Название»: моё «…» (кто), их «…» (кто); 23.11.2026 15:38»."""
    column = c["column"]
    return (
        f"{table_title(c['table'])} «{c['record']}», поле «{column_title(column, c['table'])}»: "
        f"моё «{value_text(column, c['mine'])}» ({who_text(c['mine_by'])}), "
        f"их «{value_text(column, c['theirs'])}» ({who_text(c['theirs_by'])}); {moscow_text(c['created_at'])}"
    )


def _rejected_text(r: dict[str, Any], *, with_time: bool = False) -> str:
    """«Клиенты «ООО Ромашка» (изменение: Заметки «…») — причина[; 23.11.2026 15:38]»."""
    cols = r.get("cols") or {}
    shown = [c for c in cols if c not in INTERNAL_COLUMNS] if isinstance(cols, dict) else []
    fields = ", ".join(f"{column_title(c, r['table'])} «{value_text(c, cols[c])}»" for c in shown[:3])
    fields += ", …" if len(shown) > 3 else ""
    what = kind_title(r["kind"]) + (f": {fields}" if fields and r["kind"] != "delete" else "")
    when = f"; {moscow_text(r['rejected_at'])}" if with_time and r.get("rejected_at") else ""
    return f"{table_title(r['table'])} «{r['record']}» ({what}) — {r['reason']}{when}"
