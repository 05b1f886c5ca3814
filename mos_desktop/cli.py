"""The ``mos-desktop`` command: the GUI by default, sub-commands for headless work.

Exit codes: 0 done, 1 a user error (a Russian message on stderr, no traceback), 2 wrong usage (argparse).
Every sub-command calls the same service functions as the GUI.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mos_desktop import config
from mos_desktop.errors import UserError

log = logging.getLogger("mos_desktop.cli")

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, Path], int]


class _Parser(argparse.ArgumentParser):
    """argparse with Russian wording for the texts it writes itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "использование:", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "использование:", 1)
        text = text.replace("\npositional arguments:", "\nаргументы:")
        return text.replace("\noptions:", "\nпараметры:")

    def error(self, message: str) -> Any:  # argparse's contract: never returns
        for pattern, russian in _ARGPARSE_RU:
            message = pattern.sub(russian, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: ошибка: {message}\n")


# argparse's own messages (Python 3.11–3.13 wording), in Russian.
_ARGPARSE_RU = [
    (re.compile(r"^argument (\S+): "), r"параметр \1: "),
    (re.compile(r"invalid choice: (.+?) \(choose from (.+)\)"), r"недопустимое значение \1 (можно: \2)"),
    (re.compile(r"invalid (int|float) value: (.+)"), r"ожидается число, получено \2"),
    (re.compile(r"^the following arguments are required: (.+)"), r"не хватает аргументов: \1"),
    (re.compile(r"^unrecognized arguments: (.+)"), r"лишние аргументы: \1"),
    (re.compile(r"expected one argument"), "нужно значение"),
]


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``with_commands=False``: only the global options (the window's start-up:
    the sub-commands' parsers import their modules, ~70 ms on the way to the first paint)."""
    parser = _Parser(
        prog="mos-desktop",
        description="MOS Desktop: рабочее место менеджера по сопровождению клиентов и кладовщика. "
        "Без команды открывается окно программы.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="ФАЙЛ",
        help="файл базы данных (по умолчанию — в папке данных пользователя)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="собрать главное окно без экрана, показать каждую вкладку, вывести число строк и выйти",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=_Parser)

    demo = commands.add_parser("demo-data", help="заполнить пустую базу демонстрационными данными")
    demo.add_argument("--clients", type=int, default=300, metavar="N", help="число клиентов (300)")
    demo.add_argument("--months", type=int, default=12, metavar="N", help="месяцев истории до сегодня (12)")
    demo.add_argument("--seed", type=int, default=1, metavar="N", help="зерно: одно зерно — одни данные (1)")
    demo.set_defaults(handler=_cmd_demo)

    imp = commands.add_parser("import", help="импорт из файла")
    imp_what = imp.add_subparsers(dest="what", metavar="ЧТО", parser_class=_Parser, required=True)
    imp_clients = imp_what.add_parser(
        "clients",
        help="список клиентов из .xlsx или .csv; клиенты сопоставляются по ИНН",
    )
    imp_clients.add_argument("file", type=Path, metavar="ФАЙЛ", help="файл .xlsx или .csv")
    imp_clients.set_defaults(handler=_cmd_import_clients)

    from mos_desktop.services.stock.cli import add_import_commands, add_report_commands

    add_import_commands(imp_what, _Parser)  # import stock-moves

    rep = commands.add_parser("report", help="выгрузить отчёт")
    rep_what = rep.add_subparsers(dest="what", metavar="ЧТО", parser_class=_Parser, required=True)
    rep_clients = rep_what.add_parser("clients", help="портфель клиентов (ключ — ИНН)")
    rep_clients.add_argument(
        "--format", dest="fmt", choices=("json", "csv", "xlsx"), default="json", help="формат (json)"
    )
    rep_clients.add_argument(
        "--out", type=Path, metavar="ФАЙЛ", help="записать в файл (для xlsx обязательно); иначе — на экран"
    )
    rep_clients.set_defaults(handler=_cmd_report_clients)
    add_report_commands(rep_what, _Parser)  # report stock, report prices
    from mos_desktop.services.payments.cli import add_commands as add_payment_commands

    # billing run, import bank, call log, report debtors, report calls
    add_payment_commands(commands, imp_what, rep_what, _Parser)
    from mos_desktop.services.list_report import add_list_reports

    # report <list> for every other list of LISTS; keep it after every special report (they take precedence)
    add_list_reports(rep_what, _Parser)

    from mos_desktop.sync.cli_commands import add_commands as add_sync_commands

    add_sync_commands(commands, _Parser)  # server init / add-user, sync [--once] / status / conflicts

    from mos_desktop.documents.cli import add_commands as add_print_commands

    add_print_commands(commands, _Parser)  # print KIND NUMBER_OR_ID, print invoices --month
    return parser


# --- sub-commands ------------------------------------------------------------------------------------


@contextmanager
def _database(db_path: Path, *, must_exist: bool = False) -> Iterator[Any]:
    """The database for one command; ``must_exist`` for commands that only read (a typo in --db must not
    quietly create an empty database and report nothing)."""
    from mos_desktop.db import open_database

    if must_exist and not Path(db_path).expanduser().exists():
        raise UserError(
            f"База {db_path} не найдена. Проверьте путь в --db "
            "(новая база создаётся при первом запуске программы, импорте или demo-data)."
        )
    database = open_database(db_path)
    try:
        yield database
    finally:
        database.dispose()


def _user_name() -> str:
    return config.current_user(config.load_settings())


def _cmd_demo(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.demo import generate_demo
    from mos_desktop.timeutil import today_moscow

    with _database(db_path) as database, database.session() as s:
        summary = generate_demo(
            s, clients=args.clients, months=args.months, seed=args.seed, today=today_moscow()
        )
    for line in summary.as_lines():
        print(line)
    from mos_desktop import config
    from mos_desktop.demo.company import DEMO_COMPANY_NOTE, fill_demo_company

    # The settings are the user's, for every database: demo company details go there only when the demo
    # is loaded into the user's own database, never because of a side database given with --db.
    own = Path(db_path).expanduser().resolve() == config.default_db_path().expanduser().resolve()
    if own and fill_demo_company():  # only when the settings have no company details of the user's own
        print(DEMO_COMPANY_NOTE)
    return EXIT_OK


def _cmd_import_clients(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.importing import import_clients
    from mos_desktop.timeutil import today_moscow

    with _database(db_path) as database, database.session() as s:
        result = import_clients(s, args.file, user=_user_name(), today=today_moscow())
    line = f"Добавлено {result.added}, обновлено {result.updated}, отклонено {result.rejected}"
    if result.unchanged:
        line += f", без изменений {result.unchanged}"
    print(line)
    for error in result.errors:
        print(f"строка {error.line}: {error.message}")
    if result.unknown_columns:
        print("Не распознаны и пропущены столбцы: " + ", ".join(f"«{c}»" for c in result.unknown_columns))
    log.info(
        "import %s: added %d, updated %d, rejected %d",
        args.file.name,
        result.added,
        result.updated,
        result.rejected,
    )
    return EXIT_OK


def _cmd_report_clients(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.reports import export_clients
    from mos_desktop.services.table_export import write_out
    from mos_desktop.timeutil import today_moscow

    if args.fmt == "xlsx" and args.out is None:
        raise _UsageError("для формата xlsx укажите файл: --out ФАЙЛ.xlsx")
    with _database(db_path, must_exist=True) as database, database.session() as s:
        data = export_clients(s, args.fmt, today=today_moscow())
    write_out(data, args.out)
    return EXIT_OK


class _UsageError(Exception):
    pass


# --- entry point -------------------------------------------------------------------------------------


def hoist_global_options(argv: list[str]) -> list[str]:
    """``--db FILE`` is global but people type it anywhere (``mos-desktop report clients --db x``):
    move it in front of the command, where argparse looks for it. ``--`` ends the options."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--db" and i + 1 < len(argv):
            front.extend(argv[i : i + 2])
            i += 2
            continue
        if arg.startswith("--db="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def only_global_options(argv: list[str]) -> bool:
    """Nothing but ``--db FILE`` and ``--self-check``: no command, no ``--help`` (see ``build_parser``)."""
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not (arg.startswith("--db=") or arg == "--self-check"):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    arguments = hoist_global_options(sys.argv[1:] if argv is None else argv)
    parser = build_parser(with_commands=not only_global_options(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help (0) or a usage error (2): argparse has already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    from mos_desktop.logsetup import setup_logging

    _log_file, handler = setup_logging()
    db_path: Path = args.db if args.db is not None else config.default_db_path()
    # Arguments only: no settings, no secrets, in the log.
    log.info("mos-desktop %s (db %s)", args.command or ("self-check" if args.self_check else "gui"), db_path)
    try:
        if args.self_check:
            from mos_desktop.selfcheck import run_self_check

            return run_self_check(db_path, sys.stdout)
        if args.command is None:
            from mos_desktop.app import run_gui

            return run_gui(db_path)
        command: Handler = args.handler
        return command(args, db_path)
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"mos-desktop: ошибка: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UserError as exc:
        log.info("user error: %s", exc.message)
        print(f"Ошибка: {exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error")
        raise
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()
