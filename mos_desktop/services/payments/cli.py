"""Command-line handlers of Платежи: ``billing run``, ``billing resend``, ``import bank``, ``call log``,
``report debtors``, ``report calls``. Each calls the same command or report function as the GUI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mos_desktop.errors import UserError, os_reason
from mos_desktop.services.table_export import json_bytes, write_out

EXIT_OK = 0
# ``models.CallOutcome`` values, the keys the GUI's call dialog stores (a test keeps them equal; not
# imported here: building the parser must not load the models).
CALL_OUTCOMES = (
    "no_answer",
    "promised",
    "invoice_resent",
    "dispute",
    "paid",
    "reached",
    "refused",
    "wrong_contact",
)


def _date(text: str) -> date:
    """A date typed as in the GUI (ДД.ММ.ГГГГ) or ISO (ГГГГ-ММ-ДД)."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, например 15.12.2026, получено «{text}»"
    )


def add_commands(
    commands: Any, imports: Any, reports: Any, parser_class: type[argparse.ArgumentParser]
) -> None:
    billing = commands.add_parser("billing", help="счета за абонплату")
    billing_what = billing.add_subparsers(
        dest="billing_what", metavar="ЧТО", parser_class=parser_class, required=True
    )
    run = billing_what.add_parser("run", help="выставить счета за месяц всем клиентам на абонплате")
    run.add_argument("--month", required=True, metavar="ГГГГ-ММ", help="месяц, например 2026-11")
    run.add_argument("--dry-run", action="store_true", help="только показать, что будет выставлено")
    run.set_defaults(handler=_billing_run)
    resend = billing_what.add_parser("resend", help="отправить счёт повторно по e-mail (PDF во вложении)")
    resend.add_argument("--number", required=True, metavar="НОМЕР", help="номер счёта или его номер в 1С")
    resend.add_argument(
        "--to",
        default="",
        metavar="АДРЕСА",
        help="кому, через запятую (по умолчанию e-mail клиента и контактов)",
    )
    resend.set_defaults(handler=_billing_resend)

    bank = imports.add_parser("bank", help="банковская выписка в формате 1С (1CClientBankExchange)")
    bank.add_argument("file", type=Path, metavar="ФАЙЛ", help="файл выписки (kl_to_1c.txt)")
    bank.add_argument("--dry-run", action="store_true", help="только показать, что будет загружено")
    bank.set_defaults(handler=_import_bank)

    call = commands.add_parser("call", help="звонки должникам")
    call_what = call.add_subparsers(dest="call_what", metavar="ЧТО", parser_class=parser_class, required=True)
    log = call_what.add_parser("log", help="записать итог звонка")
    log.add_argument("--inn", required=True, metavar="ИНН", help="ИНН клиента")
    log.add_argument(
        "--outcome",
        required=True,
        choices=CALL_OUTCOMES,
        help="итог звонка: no_answer — не дозвонились, promised — обещал оплатить, invoice_resent — счёт "
        "отправлен повторно, dispute — спор по счёту, paid — говорит, что оплатил, reached — дозвонились, refused — "
        "отказ, wrong_contact — неверный контакт",
    )
    log.add_argument(
        "--promise-date", type=_date, metavar="ДАТА", help="обещанная дата оплаты (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)"
    )
    log.add_argument("--amount", default="", metavar="СУММА", help="обещанная сумма (по умолчанию весь долг)")
    log.add_argument("--note", default="", metavar="ТЕКСТ", help="заметка")
    log.set_defaults(handler=_call_log)

    debtors = reports.add_parser("debtors", help="неоплаченные и частично оплаченные счета")
    debtors.add_argument(
        "--date", type=_date, metavar="ДАТА", help="на дату (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня"
    )
    _output_options(debtors)
    debtors.set_defaults(handler=_report_debtors)
    calls = reports.add_parser("calls", help="список звонков должникам на день, в порядке звонков")
    calls.add_argument(
        "--date", type=_date, metavar="ДАТА", help="на дату (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию сегодня"
    )
    _output_options(calls)
    calls.set_defaults(handler=_report_calls)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", dest="fmt", choices=("json", "csv", "xlsx"), default="json", help="формат (json)"
    )
    parser.add_argument("--out", type=Path, metavar="ФАЙЛ", help="записать в файл (для xlsx обязательно)")


@contextmanager
def _session(db_path: Path, *, must_exist: bool) -> Iterator[Any]:
    from mos_desktop.db import open_database

    if must_exist and not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")
    database = open_database(db_path)
    try:
        with database.session() as s:
            yield s
    finally:
        database.dispose()


def _settings() -> tuple[Any, str]:
    from mos_desktop import config
    from mos_desktop.services.payments.rules import BillingSettings

    settings = config.load_settings()
    return BillingSettings.from_settings(settings), config.current_user(settings)


def _billing_run(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.payments.invoicing import InvoiceRunForm, preview_invoice_run, run_invoices
    from mos_desktop.timeutil import today_moscow

    billing, user = _settings()
    with _session(db_path, must_exist=args.dry_run) as s:
        preview = preview_invoice_run(s, args.month)
        for line in preview.as_lines():
            print(line)
        if args.dry_run:
            return EXIT_OK
        changes = run_invoices(
            s, InvoiceRunForm(args.month, billing.invoice_series), user=user, today=today_moscow()
        )
    print(changes.message)
    return EXIT_OK


def _billing_resend(args: argparse.Namespace, db_path: Path) -> int:
    """The same three steps as the GUI (``payments.resend``): render, send outside any transaction, log."""
    from sqlalchemy import or_, select

    from mos_desktop import config
    from mos_desktop.db import open_database
    from mos_desktop.models import Invoice, InvoiceStatus
    from mos_desktop.services.payments.resend import ResendForm, resend_invoice
    from mos_desktop.timeutil import today_moscow

    if not Path(db_path).expanduser().exists():
        raise UserError(f"База {db_path} не найдена. Проверьте путь в --db.")
    settings = config.load_settings()
    number = args.number.strip()
    database = open_database(db_path)
    try:
        with database.session() as s:
            found = s.scalar(
                select(Invoice.id)
                .where(
                    Invoice.deleted_at.is_(None),
                    or_(Invoice.number == number, Invoice.external_number == number),
                )
                .order_by((Invoice.status == InvoiceStatus.ISSUED).desc(), Invoice.issued_on.desc())
                .limit(1)
            )
        if found is None:
            raise UserError(f"Счёт № {number} не найден: проверьте номер (АП-… или номер в 1С)")
        changes = resend_invoice(
            database.session,
            ResendForm(found, args.to),
            settings=settings,
            user=config.current_user(settings),
            today=today_moscow(),
        )
    finally:
        database.dispose()
    print(changes.message)
    return EXIT_OK


def _import_bank(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.payments.bank_import import (
        LineStatus,
        StatementImportForm,
        apply_statement,
        describe_line,
        preview_statement,
    )
    from mos_desktop.timeutil import today_moscow

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"Не удалось прочитать {args.file}: {os_reason(exc)}") from None
    billing, user = _settings()
    with _session(db_path, must_exist=False) as s:
        if args.dry_run:
            preview = preview_statement(
                s, data, file_name=Path(args.file).name, our_accounts=billing.our_accounts
            )
            summary = preview.summary
        else:
            form = StatementImportForm(data, Path(args.file).name, billing.our_accounts)
            result = apply_statement(s, form, user=user, today=today_moscow())
            preview, summary = result.preview, result.summary
    for line in summary.as_lines():
        print(line)
    attention = (LineStatus.UNMATCHED, LineStatus.PARTLY, LineStatus.SUSPECT, LineStatus.OUTGOING)
    shown = [p for p in preview.lines if p.status in attention]
    if shown:
        print("Требуют внимания:")
        for p in shown:
            print("  " + describe_line(p))
    for warning in preview.warnings:
        print(f"Предупреждение: {warning}", file=sys.stderr)
    return EXIT_OK


def _call_log(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.services.payments.calls import CallForm, log_call
    from mos_desktop.timeutil import today_moscow

    _billing, user = _settings()
    form = CallForm(
        args.outcome, inn=args.inn, promise_date=args.promise_date, promise_amount=args.amount, note=args.note
    )
    with _session(db_path, must_exist=True) as s:
        changes = log_call(s, form, user=user, today=today_moscow())
    print(changes.message)
    return EXIT_OK


def report_debtors(session: Any, fmt: str, *, today: date) -> bytes:
    from mos_desktop.services.payments.receivables import export_debtors

    return export_debtors(session, fmt, today=today)


def report_calls(session: Any, fmt: str, *, today: date, start_day: int = 20) -> bytes:
    """The day's call list in call order: inn, client, phone, debt, invoices, oldest invoice date, days
    overdue, broken promises, last outcome and promise."""
    from mos_desktop.money import kopecks_to_decimal
    from mos_desktop.services.listing import Column, Listing, Row
    from mos_desktop.services.payments.calls import call_list
    from mos_desktop.services.payments.receivables import export_listing

    entries = call_list(session, today, start_day=start_day)
    if fmt == "json":
        data = [
            {
                "order": n,
                "inn": e.inn,
                "client": e.client,
                "phone": e.phone,
                "tel": e.tel_url,
                "debt": str(kopecks_to_decimal(e.debt_kop)),
                "invoices": e.invoices,
                "oldest_invoice_date": e.oldest_issued_on.isoformat(),
                "days_overdue": e.days_overdue,
                "broken_promises": e.broken_promises,
                "promise_broken": e.promise_broken,
                "last_outcome": e.last_outcome.value if e.last_outcome else None,
                "last_promise": e.last_promise.isoformat() if e.last_promise else None,
            }
            for n, e in enumerate(entries, 1)
        ]
        return json_bytes(data)
    columns = [
        Column("inn", "ИНН"),
        Column("client", "Клиент", stretch=True),
        Column("phone", "Телефон"),
        Column("debt", "Долг", "money"),
        Column("days_overdue", "Дней просрочки", "int"),
        Column("broken_promises", "Нарушено обещаний", "int"),
    ]
    rows = [
        Row(e.client_id, (e.inn, e.client, e.phone, e.debt_kop, e.days_overdue, e.broken_promises))
        for e in entries
    ]
    return export_listing(Listing(columns, rows), fmt, sheet=f"Звонки {today:%d.%m.%Y}")


def _report_debtors(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.timeutil import today_moscow

    if args.fmt == "xlsx" and args.out is None:
        raise UserError("Для формата xlsx укажите файл: --out ФАЙЛ.xlsx")
    with _session(db_path, must_exist=True) as s:
        data = report_debtors(s, args.fmt, today=args.date or today_moscow())
    write_out(data, args.out)
    return EXIT_OK


def _report_calls(args: argparse.Namespace, db_path: Path) -> int:
    from mos_desktop.timeutil import today_moscow

    if args.fmt == "xlsx" and args.out is None:
        raise UserError("Для формата xlsx укажите файл: --out ФАЙЛ.xlsx")
    billing, _user = _settings()
    with _session(db_path, must_exist=True) as s:
        data = report_calls(
            s, args.fmt, today=args.date or today_moscow(), start_day=billing.collection_start_day
        )
    write_out(data, args.out)
    return EXIT_OK
