"""Service: contractors with rates and contracts, clients' service contracts, planned and emergency
visits with parts from stock, contractor jobs for visits and installs, contractor invoices."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mos_desktop.demo.catalogue import ItemInfo
from mos_desktop.demo.checksums import make_inn10, make_inn12
from mos_desktop.demo.context import (
    ClientInfo,
    Ctx,
    add_months,
    month_start,
    workday_on_or_after,
    workday_on_or_before,
)
from mos_desktop.demo.stock import StockBook
from mos_desktop.demo.words import mobile, person
from mos_desktop.models import (
    ClientStatus,
    Contractor,
    ContractorContract,
    ContractorJob,
    ContractorRate,
    JobStatus,
    Payable,
    PayableKind,
    PayableStatus,
    ServiceContract,
    ServiceVisit,
    VisitKind,
    VisitPart,
    VisitStatus,
)

CONTRACTORS = (
    ('ООО "МонтажСервис"', "Монтаж шлагбаумов и ворот", "Москва и МО", False),
    ('ООО "СКУД-Профи"', "СКУД и турникеты", "Москва", False),
    ("ИП Белов Андрей Викторович", "Электромонтаж, слаботочные сети", "Москва и МО", False),
    ('ООО "ВидеоМонтаж"', "Видеонаблюдение", "Москва", False),
    ("ИП Гришин Павел Олегович", "Ремонт шлагбаумов", "Новая Москва", False),
    ('ООО "РегионТехМонтаж"', "Монтаж СКУД в регионах", "Тула, Калуга, Рязань, Тверь", True),
)
WORKS = (
    ("Монтаж шлагбаума", "шт", 1200000), ("Монтаж турникета", "шт", 900000), ("Прокладка кабеля", "м", 12000),
    ("Аварийный выезд инженера", "выезд", 450000), ("Плановое ТО", "выезд", 350000),
    ("Настройка контроллера", "шт", 250000), ("Замена стрелы", "шт", 300000),
)  # fmt: skip
PROBLEMS = (
    ("Шлагбаум не открывается по звонку", ("CTRL-GSM",), "Диагностика GSM-модуля\nЗамена GSM-модуля\nПроверка открытия по звонку"),
    ("Стрела сломана: наезд автомобиля", ("BOOM-4M",), "Демонтаж повреждённой стрелы\nУстановка стрелы 4 м\nРегулировка пружины"),
    ("Турникет не считывает карты", ("RDR-EM",), "Диагностика считывателя\nЗамена считывателя\nПроверка прохода по картам"),
    ("Контроллер не в сети, нет связи с облаком", ("PSU-12V5A",), "Замена блока питания\nПерезапуск контроллера\nПроверка связи с облаком"),
    ("Шлагбаум опускается на машину", ("PHOTO-CELL",), "Замена фотоэлементов\nПроверка безопасности\nРегулировка концевиков"),
    ("Камера LPR не распознаёт номера", (), "Чистка объектива\nНастройка зоны распознавания"),
)  # fmt: skip
PLANNED_WORKS = "Осмотр привода и стрелы\nСмазка механизмов\nПроверка фотоэлементов и сигнальной лампы\nПроверка связи с облаком"


@dataclass
class ContractorInfo:
    id: uuid.UUID
    name: str
    inn: str
    regional: bool
    rates: dict[str, int]


def make_contractors(ctx: Ctx) -> None:
    rng = ctx.rng("contractors")
    contractors: list[ContractorInfo] = []
    defs = list(CONTRACTORS)
    for n in range(min(ctx.count(6), 60) - len(defs)):
        p = person(rng, female=False)
        defs.append(
            (
                f"ИП {p.full}",
                rng.choice(("Монтаж шлагбаумов", "СКУД", "Электромонтаж")),
                "Москва и МО",
                n % 5 == 4,
            )
        )
    for n, (name, spec, region, regional) in enumerate(defs):
        inn = make_inn12(rng) if name.startswith("ИП") else make_inn10(rng, rng.choice(("77", "50")))
        contact = person(rng)
        cid = ctx.add(
            Contractor,
            name=name, inn=inn, specialization=spec, region=region, contact_name=contact.full,
            phone=mobile(rng), email=f"zakaz{n + 1}@montazh-{n + 1}.ru", rating=rng.choice((3, 4, 4, 5, 5)),
            notes="Работают в выходные" if rng.random() < 0.3 else "",
        )  # fmt: skip
        rates: dict[str, int] = {}
        for work, unit, price in rng.sample(WORKS, rng.randint(4, len(WORKS))):
            rates[work] = round(price * rng.uniform(0.85, 1.2) / 10000) * 10000
            ctx.add(ContractorRate, contractor_id=cid, work_name=work, unit=unit, price_kop=rates[work],
                    valid_from=ctx.today - timedelta(days=rng.randint(30, 400)))  # fmt: skip
        signed = ctx.today - timedelta(days=rng.randint(60, 700))
        valid_to = (
            ctx.today + timedelta(days=20) if n == 0 else signed + timedelta(days=rng.choice((365, 730)))
        )
        ctx.add(ContractorContract, contractor_id=cid, number=f"ПД-{signed.year}/{n + 1:02d}", signed_on=signed,
                valid_to=valid_to, terms="Выезд по заявке в течение 24 часов, гарантия на работы 6 месяцев")  # fmt: skip
        contractors.append(ContractorInfo(cid, name, inn, regional, rates))
    ctx.shared["contractors"] = contractors


def _pick(rng: random.Random, contractors: list[ContractorInfo], far: bool) -> ContractorInfo:
    matching = [c for c in contractors if c.regional == far] or contractors
    return rng.choice(matching)


def make_service_contracts(ctx: Ctx) -> None:
    rng = ctx.rng("service-contracts")
    contracts: dict[int, dict[str, Any]] = {}
    for client in ctx.clients:
        if client.status not in (ClientStatus.ACTIVE, ClientStatus.SUSPENDED, ClientStatus.LEAVING):
            continue
        if client.fee_start is None or rng.random() > 0.25:
            continue
        signed = min(client.fee_start + timedelta(days=rng.randint(0, 200)), ctx.today - timedelta(days=20))
        ctx.add(
            ServiceContract,
            client_id=client.id, number=f"СО-{signed.year}/{client.number:04d}", signed_on=signed,
            valid_to=signed + timedelta(days=rng.choice((365, 730, 1095))), emergency_sla_days=rng.choice((1, 2, 2)),
            planned_visits_per_year=rng.choice((2, 4, 4, 12)), monthly_fee_kop=rng.randint(5, 30) * 50000,
            terms="Аварийный выезд в течение SLA, плановое ТО по графику, запчасти оплачиваются отдельно",
        )  # fmt: skip
        contracts[client.number] = ctx.rows[ServiceContract][-1]
    ctx.shared["service_contracts"] = contracts


def plan_visits(ctx: Ctx, book: StockBook) -> None:
    rng = ctx.rng("visits")
    contracts: dict[int, dict[str, Any]] = ctx.shared["service_contracts"]
    by_number = {c.number: c for c in ctx.clients}
    horizon = ctx.today + timedelta(days=28)
    for number, contract in contracts.items():
        client = by_number[number]
        interval = 12 // contract["planned_visits_per_year"]
        phase = rng.randint(0, interval - 1)
        month = ctx.window_start
        while month <= horizon:
            index = month.year * 12 + month.month
            if (index + phase) % interval == 0:
                day = workday_on_or_after(month.replace(day=rng.randint(3, 24)))
                if ctx.window_start <= day <= horizon:
                    _visit(
                        ctx,
                        rng,
                        book,
                        client,
                        VisitKind.PLANNED,
                        ctx.at(day - timedelta(days=14), 10),
                        day,
                        contract,
                    )
            month = add_months(month, 1)
    _emergencies(ctx, rng, book, by_number, contracts)


def _emergencies(
    ctx: Ctx,
    rng: random.Random,
    book: StockBook,
    by_number: dict[int, ClientInfo],
    contracts: dict[int, dict[str, Any]],
) -> None:
    served = [
        c
        for c in ctx.clients
        if c.sites and c.status in (ClientStatus.ACTIVE, ClientStatus.LEAVING, ClientStatus.SUSPENDED)
    ]
    if not served:
        return
    days = max(1, ctx.history_days - 3)
    for _ in range(ctx.count(2 * days / 7)):
        client = rng.choice(served)
        day = ctx.today - timedelta(days=rng.randint(3, days))
        requested = ctx.moment(rng, day, 8, 20)
        _visit(ctx, rng, book, client, VisitKind.EMERGENCY, requested, None, contracts.get(client.number))
    # This week's emergencies: new today, on today's schedule, and one past its SLA deadline.
    for n in range(ctx.count(1)):
        for state in ("new", "today", "overdue"):
            client = served[(n * 7 + len(state)) % len(served)] if n else rng.choice(served)
            _current_emergency(ctx, rng, client, contracts.get(client.number), state)


def _visit(ctx: Ctx, rng: random.Random, book: StockBook, client: ClientInfo, kind: VisitKind, requested: Any,
           scheduled: date | None, contract: dict[str, Any] | None) -> None:  # fmt: skip
    sla_days = contract["emergency_sla_days"] if contract else 2
    problem, parts, works = (
        rng.choice(PROBLEMS)
        if kind == VisitKind.EMERGENCY
        else ("Плановое техническое обслуживание", (), PLANNED_WORKS)
    )
    sla_due = requested + timedelta(days=sla_days) if kind == VisitKind.EMERGENCY else None
    if scheduled is None:
        late = rng.random() < 0.1
        scheduled = workday_on_or_after(
            requested.date()
            + timedelta(days=sla_days + rng.randint(1, 2) if late else rng.randint(0, sla_days))
        )
    if scheduled < ctx.today:
        status = VisitStatus.CANCELLED if rng.random() < 0.05 else VisitStatus.DONE
    else:
        status = VisitStatus.SCHEDULED
    done = status == VisitStatus.DONE
    site = rng.choice(client.sites)
    amount = 0 if contract and kind == VisitKind.PLANNED else rng.randint(45, 120) * 10000
    visit_id = ctx.add(
        ServiceVisit,
        client_id=client.id, site_id=site.id, contract_id=contract["id"] if contract else None,
        contractor_id=None, kind=kind, status=status, requested_at=requested, sla_due_at=sla_due,
        scheduled_on=scheduled, done_on=scheduled if done else None, address=site.address, problem=problem,
        works_done=works if done else "", amount_kop=amount,
    )  # fmt: skip
    row = ctx.rows[ServiceVisit][-1]
    _assign_contractor(ctx, rng, row, client, site.far)
    if done and (parts or (kind == VisitKind.PLANNED and rng.random() < 0.15)):
        skus = parts or ("LAMP-SIG",)
        book.on(scheduled, 3, lambda: _use_parts(ctx, book, client, visit_id, scheduled, skus))


def _current_emergency(
    ctx: Ctx, rng: random.Random, client: ClientInfo, contract: dict[str, Any] | None, state: str
) -> None:
    today = ctx.today
    sla_days = contract["emergency_sla_days"] if contract else 2
    problem = rng.choice(PROBLEMS)[0]
    if state == "new":
        requested, status, scheduled = ctx.at(today, 8, 40), VisitStatus.REQUESTED, None
    elif state == "today":
        requested = ctx.at(workday_on_or_before(today - timedelta(days=1)), 17, 10)
        status, scheduled = VisitStatus.SCHEDULED, today
    else:
        requested = ctx.at(today - timedelta(days=sla_days + 2), 11, 30)
        status, scheduled = VisitStatus.SCHEDULED, workday_on_or_after(today + timedelta(days=1))
    site = rng.choice(client.sites)
    ctx.add(
        ServiceVisit,
        client_id=client.id, site_id=site.id, contract_id=contract["id"] if contract else None, contractor_id=None,
        kind=VisitKind.EMERGENCY, status=status, requested_at=requested, sla_due_at=requested + timedelta(days=sla_days),
        scheduled_on=scheduled, done_on=None, address=site.address, problem=problem, works_done="",
        amount_kop=0 if contract else rng.randint(45, 120) * 10000,
    )  # fmt: skip
    _assign_contractor(ctx, rng, ctx.rows[ServiceVisit][-1], client, site.far, always=state != "new")


def _assign_contractor(
    ctx: Ctx, rng: random.Random, visit: dict[str, Any], client: ClientInfo, far: bool, always: bool = False
) -> None:
    if not always and rng.random() > 0.65:
        return
    contractor = _pick(rng, ctx.shared["contractors"], far)
    visit["contractor_id"] = contractor.id
    work = "Плановое ТО" if visit["kind"] == VisitKind.PLANNED else "Аварийный выезд инженера"
    status = {
        VisitStatus.DONE: JobStatus.ACCEPTED if rng.random() < 0.8 else JobStatus.DONE,
        VisitStatus.CANCELLED: JobStatus.CANCELLED,
        VisitStatus.SCHEDULED: JobStatus.SCHEDULED,
        VisitStatus.REQUESTED: JobStatus.AGREED,
    }[visit["status"]]
    ctx.add(
        ContractorJob,
        contractor_id=contractor.id, client_id=client.id, visit_id=visit["id"],
        title=f"{'Плановое ТО' if visit['kind'] == VisitKind.PLANNED else 'Аварийный выезд'}: {client.name}",
        status=status, scheduled_on=visit["scheduled_on"], done_on=visit["done_on"],
        price_kop=contractor.rates.get(work, 400000), quality_rating=rng.choice((3, 4, 5, 5)) if status == JobStatus.ACCEPTED else None,
        payable_id=None, notes="",
    )  # fmt: skip


def _use_parts(
    ctx: Ctx, book: StockBook, client: ClientInfo, visit_id: uuid.UUID, day: date, skus: tuple[str, ...]
) -> None:
    items: dict[str, ItemInfo] = ctx.shared["items"]
    for sku in skus:
        item = items[sku]
        source = book.warehouse if item.heavy else book.office
        book.ensure(item, 1, source, day)
        moved = book.move(item, 1, source, book.client_location(client), day, doc=f"Выезд {day:%d.%m.%Y}", visit_id=visit_id,
                          note="Запчасть на выезд")  # fmt: skip
        move_id, serial = moved[0]
        ctx.add(
            VisitPart, visit_id=visit_id, item_id=item.id, quantity=1, serial=serial, stock_move_id=move_id
        )


def make_install_jobs(ctx: Ctx) -> None:
    rng = ctx.rng("install-jobs")
    contractors: list[ContractorInfo] = ctx.shared["contractors"]
    for plan in ctx.shared.get("shipment_plans", []):
        if plan.install_on is None or plan.row["status"] == "cancelled":
            continue
        contractor = _pick(rng, contractors, plan.site.far)
        turnstiles = any(i.sku.startswith("TRN-") for i, _ in plan.lines)
        work = "Монтаж турникета" if turnstiles else "Монтаж шлагбаума"
        units = sum(q for i, q in plan.lines if i.heavy and not i.sku.startswith("BOOM")) or 1
        past = plan.install_on <= ctx.today
        status = (
            (JobStatus.ACCEPTED if rng.random() < 0.85 else JobStatus.DONE)
            if past
            else (
                JobStatus.SCHEDULED if plan.install_on <= ctx.today + timedelta(days=7) else JobStatus.AGREED
            )
        )
        ctx.add(
            ContractorJob,
            contractor_id=contractor.id, client_id=plan.client.id, visit_id=None,
            title=f"{work} ({plan.site.name}): {plan.client.name}", status=status, scheduled_on=plan.install_on,
            done_on=plan.install_on if past else None, price_kop=contractor.rates.get(work, 1000000) * units,
            quality_rating=rng.choice((4, 5, 5)) if status == JobStatus.ACCEPTED else None, payable_id=None, notes="",
        )  # fmt: skip


def make_contractor_payables(ctx: Ctx) -> None:
    """One act per contractor per month for the work done; paid unless due in the coming days."""
    rng = ctx.rng("contractor-payables")
    by_id = {c.id: c for c in ctx.shared["contractors"]}
    groups: dict[tuple[uuid.UUID, date], list[dict[str, Any]]] = {}
    for job in ctx.rows[ContractorJob]:
        if job["status"] in (JobStatus.DONE, JobStatus.ACCEPTED) and job["done_on"]:
            groups.setdefault((job["contractor_id"], month_start(job["done_on"])), []).append(job)
    for n, ((contractor_id, month), jobs) in enumerate(groups.items(), start=1):
        issued = min(add_months(month, 1) - timedelta(days=1), ctx.today)
        due = workday_on_or_after(issued + timedelta(days=rng.randint(5, 10)))
        paid = due < ctx.today
        status = PayableStatus.PAID if paid else rng.choice((PayableStatus.RECEIVED, PayableStatus.IN_PLAN))
        contractor = by_id[contractor_id]
        payable_id = ctx.add(
            Payable,
            kind=PayableKind.CONTRACTOR, status=status, counterparty=contractor.name, counterparty_inn=contractor.inn,
            supplier_id=None, contractor_id=contractor_id, number=f"{n}/{month:%m}", issued_on=issued, due_on=due,
            amount_kop=sum(j["price_kop"] for j in jobs), entered_in_plan_on=issued if status != PayableStatus.RECEIVED else None,
            paid_on=due if paid else None, purpose=f"Оплата работ по акту за {month:%m.%Y} (работ: {len(jobs)})",
        )  # fmt: skip
        for job in jobs:
            job["payable_id"] = payable_id
