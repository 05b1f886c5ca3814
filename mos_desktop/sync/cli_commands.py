"""The ``server`` and ``sync`` sub-commands of ``mos-desktop`` (wired in by ``mos_desktop.cli``).

DSN: ``--dsn`` (refused when malformed or when it carries a password) or the saved connection settings
(``sync.settings``). Password of the connection:
``MOS_PG_PASSWORD`` or the keyring (``connection``). A new login's password (``server add-user``):
``MOS_PG_PASSWORD_NEW`` or asked twice with ``getpass`` when stdin is a terminal; never printed or logged.
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

log = logging.getLogger("mos_desktop.cli")

ROLE_LABELS = {"manager": "менеджер по сопровождению", "warehouse": "кладовщик"}


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``server init``, ``server add-user``, ``sync [--once]``, ``sync status``, ``sync conflicts``.

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
    import psycopg

    from mos_desktop.sync.connection import SyncError

    try:
        return func(*args)
    except SyncError as exc:
        raise UserError(str(exc)) from None
    except psycopg.Error as exc:
        reason = (exc.diag.message_primary if exc.diag else None) or type(exc).__name__
        raise UserError(
            f"Сервер отклонил команду: {reason}. Нужны права администратора PostgreSQL."
        ) from None


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
    from mos_desktop.sync.commands import add_user
    from mos_desktop.sync.server_schema import check_login_name, check_new_password

    dsn = _dsn(args)  # a wrong --dsn or login name is refused before the password is asked for
    check_login_name(args.name)
    password = _new_password()
    check_new_password(password)
    _server_call(add_user, dsn, args.name, args.role, password)
    print(f"Логин {args.name} готов: роль «{ROLE_LABELS[args.role]}».")
    log.info("server add-user %s (%s)", args.name, args.role)
    return 0


def _open(db_path: Path, *, must_exist: bool = False) -> Any:
    from mos_desktop.db import open_database

    if must_exist and not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")

    return open_database(db_path)


def cmd_sync(args: argparse.Namespace, db_path: Path) -> int:
    if not args.once:
        return _run_foreground(_dsn(args), db_path)
    from mos_desktop.sync.commands import sync_once
    from mos_desktop.sync.connection import SyncError

    dsn = _dsn(args)
    database = _open(db_path)
    try:
        try:
            report = sync_once(database, dsn)
        except SyncError as exc:
            raise UserError(str(exc)) from None
    finally:
        database.dispose()
    print(
        f"Отправлено изменений: {report.pushed} (конфликтов: {report.conflicts}, отклонено: {report.rejected}); "
        f"получено: {report.pulled}."
    )
    if report.pending:
        raise UserError(
            f"Не отправлено {report.pending} изменений, сделанных во время синхронизации: повторите."
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
    when = status.last_sync_at.strftime("%d.%m.%Y %H:%M:%S UTC") if status.last_sync_at else "ещё не было"
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
    print(f"Последняя синхронизация: {status['last_sync'] or 'ещё не было'}")
    print(f"Позиция в журнале изменений: {status['cursor']}")
    return 0


def cmd_sync_conflicts(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.sync.commands import list_conflicts

    database = _open(db_path, must_exist=True)
    try:
        rows = list_conflicts(database)
    finally:
        database.dispose()
    if args.fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print("Открытых конфликтов нет.")
    for c in rows:
        print(
            f"{c['id']}: {c['table']}.{c['column']} (запись {c['row_id']}): моё «{c['mine']}» ({c['mine_by']}), "
            f"их «{c['theirs']}» ({c['theirs_by']}), {c['created_at']}"
        )
    return 0
