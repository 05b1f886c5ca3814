"""The portfolio: clients with valid requisites, their contacts, sites, fee history and pilots."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from mos_desktop.demo.checksums import make_account, make_inn10, make_kpp, make_ogrn
from mos_desktop.demo.context import ClientInfo, Ctx, SiteInfo, Weighted, add_months, month_start
from mos_desktop.demo.words import address, email_for, landline, mobile, person, slug, words
from mos_desktop.models import (
    Client,
    ClientStatus,
    ContactPerson,
    FeeChange,
    Pilot,
    PilotStatus,
    Site,
    User,
    UserRole,
)

KINDS = Weighted(
    (("ЖК", 35), ("ТСН", 12), ("ТСЖ", 8), ("ЖСК", 3), ("КП", 7), ("БЦ", 15), ("ТЦ", 4), ("БП", 4), ("УК", 12))
)
RESIDENTIAL = ("ЖК", "ТСН", "ТСЖ", "ЖСК", "КП")
PARTNERSHIPS = ("ТСН", "ТСЖ", "ЖСК")
STATUSES = Weighted(
    (
        (ClientStatus.ACTIVE, 72),
        (ClientStatus.PILOT, 5),
        (ClientStatus.LEAD, 6),
        (ClientStatus.SUSPENDED, 5),
        (ClientStatus.LEAVING, 4),
        (ClientStatus.TERMINATED, 8),
    )
)
MANAGERS = Weighted((("Смирнова Анна", 60), ("Ковалёв Дмитрий", 28), ("Орлова Екатерина", 12)))
STAFF = (
    ("Смирнова Анна", "smirnova"),
    ("Ковалёв Дмитрий", "kovalev"),
    ("Орлова Екатерина", "orlova"),
    ("Петров Сергей", "sklad"),
)
STAFF_POSITIONS = {
    UserRole.MANAGER: "Менеджер по сопровождению клиентов",
    UserRole.WAREHOUSE: "Кладовщик, склад Румянцево",
}
PROFILES = Weighted((("punctual", 62), ("late", 24), ("partial", 6), ("bad", 8)))
SITE_COUNTS = Weighted(((1, 60), (2, 28), (3, 12)))
CONTACT_COUNTS = Weighted(((1, 30), (2, 45), (3, 25)))
BANK_BIKS = ("044525225", "044525593", "044525974", "044525187", "044525700", "044525201")
NOTES = (
    "Оплата только по оригиналу счёта, присылать почтой России",
    "Бухгалтерия работает по вторникам и четвергам",
    "Председатель меняется в декабре, уточнить нового подписанта",
    "Просили звонить после 11:00",
    "Счета дублировать на почту бухгалтера",
    "Охрана круглосуточно, доступ на объект по заявке за день",
)


def _base_name(rng: random.Random, kind: str) -> str:
    w = words()
    if kind in RESIDENTIAL:
        noun, gender = rng.choice(w.nouns)
        adjective = rng.choice(w.adjectives)["mfn".index(gender)]
        return f"{adjective} {noun}"
    if kind == "УК":
        return f"{rng.choice(w.uk_first)}-{rng.choice(w.uk_second)}"
    return f"{rng.choice(w.toponyms)} {rng.choice(w.bc_suffixes)}"


def _display(kind: str, base: str) -> str:
    return f'{kind} "{base}"' if kind in PARTNERSHIPS else f"{kind} {base}"


def _unique_name(rng: random.Random, kind: str, taken: dict[str, int]) -> tuple[str, str]:
    """A fresh name, or after a few tries the same one with «2-я очередь» / «стр. 2» added."""
    for _ in range(3):
        base = _base_name(rng, kind)
        name = _display(kind, base)
        if name not in taken:
            taken[name] = 1
            return name, base
    taken[name] += 1
    k = taken[name]
    return (f"{name}, {k}-я очередь" if kind in RESIDENTIAL else f"{name}, стр. {k}"), base


def _legal_name(rng: random.Random, kind: str, base: str) -> str:
    if kind in PARTNERSHIPS:
        return f'{kind} "{base}"'
    if kind in ("ЖК", "УК"):
        return f'ООО "УК {base}"' if rng.random() < 0.7 else f'ООО "{base} Сервис"'
    if kind == "КП":
        return f'ООО "Управляющая компания {base}"'
    return f'АО "{base}"' if rng.random() < 0.2 else f'ООО "{base}"'


def _fee(rng: random.Random) -> int:
    rub = min(60000.0, max(3000.0, math.exp(rng.gauss(math.log(11000), 0.65))))
    return int(round(rub / 500) * 500) * 100


def _lifecycle(ctx: Ctx, rng: random.Random, status: ClientStatus) -> tuple[date | None, date | None]:
    """(fee start, terminated on) for a status."""
    if status == ClientStatus.LEAD:
        return None, None
    if status == ClientStatus.TERMINATED:
        end_on = ctx.window_start + timedelta(days=rng.randint(-400, max(1, ctx.history_days - 10)))
        return month_start(end_on - timedelta(days=rng.randint(180, 1500))), end_on
    if status != ClientStatus.PILOT and ctx.months > 1 and rng.random() < 0.18:
        return add_months(ctx.window_start, rng.randint(1, ctx.months - 1)), None
    return add_months(ctx.window_start, -rng.randint(1, 60)), None


def make_clients(ctx: Ctx) -> None:
    rng = ctx.rng("clients")
    taken: dict[str, int] = {}
    inns: set[str] = set()
    ctx.managers = list(MANAGERS.values)
    for (full_name, login), role in zip(STAFF, (UserRole.MANAGER,) * 3 + (UserRole.WAREHOUSE,), strict=True):
        ctx.add(User, login=login, full_name=full_name, role=role, position=STAFF_POSITIONS[role])
    pilot_forced = False
    for number in range(1, ctx.n_clients + 1):
        kind = KINDS.pick(rng)
        name, base = _unique_name(rng, kind, taken)
        status = STATUSES.pick(rng)
        inn = make_inn10(rng, rng.choice(("77", "77", "50")))
        while inn in inns:
            inn = make_inn10(rng, rng.choice(("77", "50")))
        inns.add(inn)
        manager = "" if rng.random() < 0.08 else MANAGERS.pick(rng)
        fee_start, end_on = _lifecycle(ctx, rng, status)
        fee = _fee(rng)
        history = _fee_history(ctx, rng, fee_start, end_on, fee) if fee_start else []
        if status == ClientStatus.SUSPENDED:
            profile = "bad"
        elif status == ClientStatus.LEAVING:
            profile = rng.choice(("late", "partial", "punctual"))
        else:
            profile = PROFILES.pick(rng)
        info = ClientInfo(
            id=ctx.add(Client, name=name),  # the row is completed below
            number=number,
            name=name,
            legal_name=_legal_name(rng, kind, base),
            inn=inn,
            status=status,
            manager=manager,
            domain=f"{slug(base)}.ru",
            contract="",
            fees=[(d, f) for d, f, _ in history],
            fee_start=fee_start,
            end_on=end_on,
            profile=profile,
            account=make_account(rng, rng.choice(BANK_BIKS)),
        )
        if status == ClientStatus.PILOT:
            pilot_forced = _pilot(ctx, rng, info, fee, force_this_week=not pilot_forced) or pilot_forced
            history = [(info.fees[0][0], fee, "Начало оплаты после пилота")]
        elif status == ClientStatus.LEAD and rng.random() < 0.3:
            _planned_pilot(ctx, rng, info)
        contract_on = (info.fee_start or ctx.today) - timedelta(days=rng.randint(5, 40))
        if status != ClientStatus.LEAD:
            info.contract = f"№ Д-{contract_on.year}/{number:04d} от {contract_on:%d.%m.%Y}"
        _client_row(ctx, rng, info, contract_on, history)
        _contacts(ctx, rng, info, kind)
        _sites(ctx, rng, info, kind)
        ctx.clients.append(info)


def _fee_history(
    ctx: Ctx, rng: random.Random, fee_start: date, end_on: date | None, fee: int
) -> list[tuple[date, int, str]]:
    fees = [(fee_start, fee, "Начало абонентского обслуживания")]
    r = rng.random()
    change_on = add_months(ctx.window_start, rng.randint(0, ctx.months - 1))
    if change_on > fee_start and (end_on is None or change_on < end_on):
        if r < 0.35:
            fees.append((change_on, round(fee * 1.08 / 10000) * 10000, "Индексация АП на 8 %"))
        elif r < 0.43:
            fees.append((change_on, fee + rng.randint(6, 16) * 50000, "Подключение дополнительного въезда"))
    if end_on is not None:
        fees.append((end_on, 0, "Расторжение договора"))
    return fees


def _pilot(ctx: Ctx, rng: random.Random, info: ClientInfo, fee: int, *, force_this_week: bool) -> bool:
    today = ctx.today
    start = today - timedelta(days=rng.randint(5, 50))
    end = start + timedelta(days=rng.choice((30, 45, 60)))
    ended = rng.random() < 0.25 and not force_this_week
    forced = False
    if force_this_week:
        end = today + timedelta(days=max(0, 4 - today.weekday()))
        forced = True
    elif ended:
        end = today - timedelta(days=rng.randint(5, 40))
        start = end - timedelta(days=45)
    elif end <= today:
        end = today + timedelta(days=rng.randint(1, 30))
    billing_start = end + timedelta(days=1)
    info.fee_start = billing_start
    info.fees = [(billing_start, fee)]
    info.pilot_start = start
    ctx.add(
        Pilot,
        client_id=info.id,
        status=PilotStatus.RUNNING,
        install_date=start,
        start_date=start,
        end_date=end,
        billing_start_date=billing_start,
        equipment="Облачный шлюз MOS Cloud Gateway, считыватели ×2, GSM-модуль",
        feedback=rng.choice(("", "Жители довольны приложением", "Просят добавить гостевые пропуска")),
    )
    return forced


def _planned_pilot(ctx: Ctx, rng: random.Random, info: ClientInfo) -> None:
    start = ctx.today + timedelta(days=rng.randint(3, 30))
    ctx.add(
        Pilot,
        client_id=info.id,
        status=PilotStatus.PLANNED,
        install_date=start,
        start_date=start,
        end_date=start + timedelta(days=30),
        billing_start_date=start + timedelta(days=31),
        equipment="Облачный шлюз MOS Cloud Gateway",
    )


def _client_row(
    ctx: Ctx, rng: random.Random, info: ClientInfo, contract_on: date, history: list[tuple[date, int, str]]
) -> None:
    legal = address(rng, far_share=0.02).text
    row = ctx.rows[Client][-1]
    assert row["id"] == info.id
    for valid_from, fee, reason in history:
        ctx.add(FeeChange, client_id=info.id, valid_from=valid_from, monthly_fee_kop=fee, reason=reason)
    current_fee = info.fee_on(ctx.today) if info.fees else 0
    if info.status == ClientStatus.PILOT:
        current_fee = info.fees[0][1]
    row.update(
        legal_name=info.legal_name,
        inn=info.inn,
        kpp=make_kpp(info.inn, rng),
        ogrn=make_ogrn(rng, contract_on.year - rng.randint(0, 8), info.inn[:2]),
        status=info.status,
        manager=info.manager,
        monthly_fee_kop=current_fee,
        fee_start_date=info.fee_start,
        contract_number=info.contract.split(" от ")[0].removeprefix("№ "),
        contract_date=contract_on if info.contract else None,
        phone=landline(rng),
        email=f"{rng.choice(('info', 'office', 'uk', 'dispatch'))}@{info.domain}",
        legal_address=legal,
        postal_address=legal if rng.random() < 0.7 else address(rng, far_share=0).text,
        churn_risk=info.status == ClientStatus.LEAVING
        or (info.status == ClientStatus.SUSPENDED and rng.random() < 0.5)
        or (info.status == ClientStatus.ACTIVE and rng.random() < 0.03),
        notes=rng.choice(NOTES) if rng.random() < 0.15 else "",
    )


def _contacts(ctx: Ctx, rng: random.Random, info: ClientInfo, kind: str) -> None:
    if kind in PARTNERSHIPS:
        head = "Председатель правления"
    elif kind in ("БЦ", "ТЦ", "БП"):
        head = rng.choice(("Генеральный директор", "Директор по эксплуатации"))
    else:
        head = rng.choice(("Генеральный директор", "Управляющий"))
    positions = [head, "Главный бухгалтер", rng.choice(("Главный инженер", "Комендант", "Начальник охраны"))]
    for n in range(CONTACT_COUNTS.pick(rng)):
        p = person(rng, female=True if n == 1 and rng.random() < 0.8 else None)
        ctx.add(
            ContactPerson,
            client_id=info.id,
            full_name=p.full,
            position=positions[n],
            phone=mobile(rng),
            email=email_for(p, info.domain),
            is_primary=n == 0,
            signs_documents=n == 0,
        )
        info.contacts.append(p.full)


def _sites(ctx: Ctx, rng: random.Random, info: ClientInfo, kind: str) -> None:
    first = address(rng, far_share=0.06)
    streets = words().moscow_streets
    for n in range(1, SITE_COUNTS.pick(rng) + 1):
        place = first if n == 1 else address(rng, moscow_share=1.0 if first.city == "Москва" else 0.0)
        if kind in RESIDENTIAL:
            name = rng.choice((f"Корпус {n}", f"Въезд {n}", "Паркинг" if n > 1 else "Главный въезд"))
            if kind == "КП":
                name = f"КПП {n}"
        elif kind == "УК":
            name = f"Дом {n}"
        else:
            name = ("Главный вход", "Паркинг", f"Въезд с {rng.choice(streets)}")[n - 1]
        install = _install_date(ctx, rng, info, n)
        ready = install - timedelta(days=rng.randint(2, 20)) if install else None
        if info.status == ClientStatus.LEAD and rng.random() < 0.4:
            ready = ctx.today + timedelta(days=rng.randint(3, 40))
        points = rng.randint(1, 4) if kind in RESIDENTIAL else rng.randint(2, 12)
        site_id = ctx.add(
            Site,
            client_id=info.id,
            name=name,
            address=place.text,
            access_points=points,
            site_ready_date=ready,
            install_date=install,
        )
        info.sites.append(SiteInfo(site_id, name, place.text, place.city, place.far, points, install))


def _install_date(ctx: Ctx, rng: random.Random, info: ClientInfo, n: int) -> date | None:
    if info.status == ClientStatus.LEAD:
        return None
    if info.status == ClientStatus.PILOT:
        return info.pilot_start if n == 1 else None
    assert info.fee_start is not None
    if n == 1:
        return info.fee_start - timedelta(days=rng.randint(1, 14))
    latest = (info.end_on or ctx.today) - timedelta(days=10)
    span = (latest - info.fee_start).days
    return info.fee_start + timedelta(days=rng.randint(0, span)) if span > 0 else None
