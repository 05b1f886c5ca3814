"""Sub-commands of the warehouse and purchasing: ``import stock-moves``, ``report stock``,
``report prices``. Light at import (the GUI builds the parser too): the work is imported when a command
runs."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

FORMATS = ("json", "csv", "xlsx")


def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"дата «{text}»: нужна ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json", help="формат (json)")
    parser.add_argument(
        "--out", type=Path, metavar="ФАЙЛ", help="записать в файл (для xlsx обязательно); иначе — на экран"
    )


def add_import_commands(what: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    moves = what.add_parser(
        "stock-moves",
        help="движения склада из .csv (kind,sku,qty,from,to,date,serials,document): все строки или ни одной",
    )
    moves.add_argument("file", type=Path, metavar="ФАЙЛ", help="файл .csv")
    moves.set_defaults(handler=_import_moves)


def add_report_commands(what: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    stock = what.add_parser("stock", help="остатки по товарам и местам: на месте, в резерве, свободно")
    stock.add_argument(
        "--date", type=_date, metavar="ДАТА", help="на дату (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня"
    )
    stock.add_argument("--location", metavar="МЕСТО", help="одно место хранения: код или название")
    _output_options(stock)
    stock.set_defaults(handler=_report_stock)
    prices = what.add_parser("prices", help="лучшее текущее предложение поставщиков по каждому товару")
    _output_options(prices)
    prices.set_defaults(handler=_report_prices)


def _open(db_path: Path, *, must_exist: bool) -> Any:
    from mos_desktop.db import open_database
    from mos_desktop.errors import UserError

    if must_exist and not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")
    return open_database(db_path)


def _import_moves(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop import config
    from mos_desktop.services.stock.exchange import import_stock_moves
    from mos_desktop.timeutil import today_moscow

    settings = config.load_settings()
    database = _open(db_path, must_exist=False)
    try:
        with database.session() as s:
            result = import_stock_moves(
                s,
                args.file,
                user=config.current_user(settings),
                today=today_moscow(),
                series=settings.document_series,
            )
    finally:
        database.dispose()
    print(f"Проведено документов: {result.documents}, движений: {result.moves} (строк файла: {result.rows})")
    return 0


def _report(args: argparse.Namespace, db_path: Path, build: Any, titles: dict[str, str], sheet: str) -> int:
    from mos_desktop.errors import UserError
    from mos_desktop.services.stock.exchange import render
    from mos_desktop.services.table_export import write_out
    from mos_desktop.timeutil import today_moscow

    if args.fmt == "xlsx" and args.out is None:
        raise UserError("для формата xlsx укажите файл: --out ФАЙЛ.xlsx")
    args.today = today_moscow()
    database = _open(db_path, must_exist=True)
    try:
        with database.session() as s:
            rows = build(s, args)
    finally:
        database.dispose()
    write_out(render(rows, args.fmt, titles, sheet), args.out, announce=False)
    return 0


def _report_stock(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.stock.exchange import STOCK_TITLES, report_stock

    day = getattr(args, "date", None)
    sheet = f"Остатки {day:%d.%m.%Y}" if day else "Остатки"
    return _report(args, db_path, report_stock, STOCK_TITLES, sheet)


def _report_prices(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.purchasing.prices import PRICE_TITLES, report_prices

    return _report(args, db_path, report_prices, PRICE_TITLES, "Лучшие цены")
