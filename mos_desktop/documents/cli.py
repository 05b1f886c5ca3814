"""``mos-desktop print``: one form of one record, or a month's invoices in one PDF or a folder.

    mos-desktop print KIND NUMBER_OR_ID --format pdf|docx --out FILE [--new-version]
    mos-desktop print invoices --month YYYY-MM --out DIR|FILE.pdf

Nothing heavy is imported when the parser is built (the GUI's start-up builds it too).
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from mos_desktop.errors import UserError, os_reason

# The forms the command prints (documents.kinds.FORMS; a test keeps the two equal).
KINDS = (
    "invoice",
    "act",
    "visit-act",
    "handover-act",
    "torg12",
    "upd",
    "waybill",
    "move",
    "receipt",
    "reconciliation",
    "claim",
)
BATCH = "invoices"


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    printing = commands.add_parser(
        "print",
        help="напечатать документ в PDF или DOCX (счёт, акт, накладную, УПД…) или счета за месяц",
        description="Формы: " + ", ".join(KINDS) + f"; «{BATCH} --month ГГГГ-ММ» — все счета месяца.",
    )
    printing.add_argument(
        "kind", choices=(*KINDS, BATCH), metavar="ФОРМА", help="форма: " + ", ".join((*KINDS, BATCH))
    )
    printing.add_argument(
        "ref",
        nargs="?",
        metavar="НОМЕР_ИЛИ_ID",
        help="номер документа или записи, её идентификатор, ИНН клиента",
    )
    printing.add_argument("--format", dest="fmt", choices=("pdf", "docx"), default="pdf", help="формат (pdf)")
    printing.add_argument(
        "--out", type=Path, required=True, metavar="ФАЙЛ", help="куда записать (файл или папка)"
    )
    printing.add_argument("--month", metavar="ГГГГ-ММ", help="месяц счетов для «invoices»")
    printing.add_argument(
        "--from", dest="date_from", metavar="ДД.ММ.ГГГГ", help="начало периода (акт сверки)"
    )
    printing.add_argument("--to", dest="date_to", metavar="ДД.ММ.ГГГГ", help="конец периода (акт сверки)")
    printing.add_argument(
        "--new-version",
        action="store_true",
        help="выпустить исправленный документ, если запись изменилась после выпуска (прежний сохраняется)",
    )
    printing.set_defaults(handler=cmd_print)


def parse_day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    for pattern in (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", r"(\d{4})-(\d{1,2})-(\d{1,2})"):
        m = re.fullmatch(pattern, text.strip())
        if m:
            a, b, c = (int(x) for x in m.groups())
            try:
                return date(c, b, a) if pattern.startswith(r"(\d{1,2})") else date(a, b, c)
            except ValueError:
                break
    raise UserError(f"{what}: «{text}» — не дата; введите, например, 01.11.2026")


def parse_month(text: str | None) -> date:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UserError("Для «print invoices» укажите месяц: --month ГГГГ-ММ, например --month 2026-11")
    return date(int(m.group(1)), int(m.group(2)), 1)


def cmd_print(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop import config
    from mos_desktop.db import open_database
    from mos_desktop.documents import api

    if not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")
    settings = config.load_settings()
    database = open_database(db_path)
    try:
        with database.session() as s:
            if args.kind == BATCH:
                if args.ref:
                    raise UserError("Для «print invoices» номер не нужен: укажите только --month ГГГГ-ММ")
                return _print_month(s, args, settings)
            if not args.ref:
                raise UserError(
                    f"Укажите номер или идентификатор: mos-desktop print {args.kind} НОМЕР --out ФАЙЛ"
                )
            period = (parse_day(args.date_from, "Начало периода"), parse_day(args.date_to, "Конец периода"))
            prepared = api.prepare(
                s, args.kind, args.ref, settings=settings, new_version=args.new_version, period=period
            )
            data = prepared.render(args.fmt)
            out: Path = args.out
            if out.is_dir():
                out = out / prepared.file_name(args.fmt)
            _write(out, data)
            print(f"{prepared.form.title} № {prepared.number}: {out}", file=sys.stderr)
    finally:
        database.dispose()
    return 0


def _print_month(session: Any, args: argparse.Namespace, settings: Any) -> int:
    from mos_desktop.documents import api

    month = parse_month(args.month)
    ids = api.invoices_of_month(session, month)
    if not ids:
        raise UserError(f"За {month:%m.%Y} нет выставленных счетов")
    out: Path = args.out
    one_pdf = out.suffix.lower() == ".pdf"

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    result = api.render_batch(session, "invoice", [uuid.UUID(str(i)) for i in ids], settings=settings,
                              one_pdf=one_pdf, progress=progress)  # fmt: skip
    print(file=sys.stderr)
    if isinstance(result, bytes):
        _write(out, result)
        print(f"Счетов: {len(ids)}, одним файлом: {out}", file=sys.stderr)
        return 0
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удалось создать папку {out}: {os_reason(exc)}") from None
    for name, data in result:
        _write(out / name, data)
    print(f"Счетов: {len(result)}, в папке {out}", file=sys.stderr)
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Не удалось записать {path}: {os_reason(exc)}. Проверьте путь и права.") from None
