"""What each client already has and how we talk to them: installed equipment, cloud onboarding,
the contact history with weekly cadence, missed calls."""

from __future__ import annotations

import random
from datetime import date, timedelta

from mos_desktop.demo.catalogue import ItemInfo, next_serial
from mos_desktop.demo.context import ClientInfo, Ctx, SiteInfo
from mos_desktop.models import (
    ClientStatus,
    CloudOnboarding,
    InstalledEquipment,
    Interaction,
    InteractionKind,
)

# What sites installed before the demo window have: the main units (spare parts are not tracked there).
BARRIER_KIT = (("BAR-DH-PRO4000", 1), ("CTRL-GSM", 1))
TURNSTILE_KIT = (("TRN-PERCO-TTD", 2), ("CTRL-SIGUR", 1))
SUMMARIES = {
    InteractionKind.CALL_OUT: (
        "Уточнили дату монтажа",
        "Напомнили о счёте за текущий месяц",
        "Плановый звонок: всё работает, вопросов нет",
        "Обсудили подключение второго въезда",
        "Уточнили контакт бухгалтера",
    ),
    InteractionKind.CALL_IN: (
        "Вопрос по добавлению жильцов в приложение",
        "Просили прислать акт сверки",
        "Сообщили о сбое шлагбаума, передали в ТП",
        "Спросили про стоимость UHF-меток",
    ),
    InteractionKind.EMAIL: (
        "Отправлены инструкции для жильцов",
        "Отправлен счёт повторно",
        "Отправлены закрывающие документы",
        "Ответ по коммерческому предложению",
    ),
    InteractionKind.MESSENGER: ("Переписка в WhatsApp по доступу гостей", "Прислали фото неисправности"),
    InteractionKind.MEETING: ("Встреча на объекте с председателем", "Встреча в офисе клиента по расширению"),
}
KIND_WEIGHTS = (
    (InteractionKind.CALL_OUT, 40),
    (InteractionKind.CALL_IN, 18),
    (InteractionKind.EMAIL, 27),
    (InteractionKind.MESSENGER, 10),
    (InteractionKind.MEETING, 5),
)


def make_installed_equipment(ctx: Ctx) -> None:
    """Hardware installed before the demo window (later installs come from shipments)."""
    rng = ctx.rng("equipment")
    items: dict[str, ItemInfo] = ctx.shared["items"]
    for client in ctx.clients:
        for site in client.sites:
            if site.install_date is None or site.install_date >= ctx.window_start:
                continue
            kit = TURNSTILE_KIT if site.access_points > 4 else BARRIER_KIT
            add_equipment(ctx, rng, client, site, [(items[sku], qty) for sku, qty in kit], site.install_date)
            if rng.random() < 0.15:
                ctx.add(
                    InstalledEquipment,
                    client_id=client.id,
                    site_id=site.id,
                    name=rng.choice(("IP-камера Hikvision (клиента)", "Домофон Beward (клиента)")),
                    quantity=rng.randint(1, 4),
                    installed_on=None,
                    ours=False,
                )


def add_equipment(
    ctx: Ctx,
    rng: random.Random,
    client: ClientInfo,
    site: SiteInfo,
    lines: list[tuple[ItemInfo, int]],
    day: date,
    serials: dict[str, list[str]] | None = None,
) -> None:
    for item, qty in lines:
        if item.serial:
            given = (serials or {}).get(item.sku)
            for n in range(qty):
                serial = given[n] if given else next_serial(ctx, item, day.year)
                ctx.add(
                    InstalledEquipment,
                    client_id=client.id,
                    site_id=site.id,
                    item_id=item.id,
                    name=item.name,
                    serial=serial,
                    quantity=1,
                    installed_on=day,
                    ours=True,
                )
        else:
            ctx.add(
                InstalledEquipment,
                client_id=client.id,
                site_id=site.id,
                item_id=item.id,
                name=item.name,
                serial="",
                quantity=qty,
                installed_on=day,
                ours=True,
            )


def make_onboarding(ctx: Ctx) -> None:
    """Cloud onboarding checklists for clients that started in the last four months or are piloting."""
    rng = ctx.rng("onboarding")
    horizon = ctx.today - timedelta(days=120)
    for client in ctx.clients:
        start = client.pilot_start or client.fee_start
        if start is None or client.status == ClientStatus.TERMINATED:
            continue
        if client.pilot_start is None and start < horizon:
            continue
        agreed = min(start - timedelta(days=rng.randint(3, 12)), ctx.today)
        steps = [agreed]
        for gap in (rng.randint(0, 2), rng.randint(0, 1), rng.randint(0, 2), rng.randint(0, 3)):
            steps.append(steps[-1] + timedelta(days=gap))
        moments = [ctx.moment(rng, d) if d < ctx.today else None for d in steps]
        if (ctx.today - agreed).days < 10:  # fresh ones are still in progress
            cut = rng.randint(2, 4)
            moments = moments[:cut] + [None] * (5 - cut)
        ctx.add(
            CloudOnboarding,
            client_id=client.id,
            cloud_url=f"https://{client.domain.removesuffix('.ru')}.mos-cloud.ru",
            url_agreed_at=moments[0],
            cloud_created_at=moments[1],
            support_account_at=moments[2],
            credentials_sent_at=moments[3],
            materials_sent_at=moments[4],
            notes="Создано в nadmozg" if moments[1] else "",
        )


def make_interactions(ctx: Ctx) -> None:
    """Contacts back to 90 days; most clients within the week, some overdue, a few missed calls open."""
    rng = ctx.rng("interactions")
    horizon = ctx.today - timedelta(days=min(90, ctx.history_days))
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    for client in ctx.clients:
        if client.status == ClientStatus.TERMINATED and client.end_on and client.end_on < horizon:
            continue
        overdue = rng.random() < (0.6 if client.manager == "" else 0.13)
        days_ago = rng.randint(8, 45) if overdue else rng.randint(0, 6)
        day = ctx.today - timedelta(days=days_ago)
        contact = client.contacts[0] if client.contacts else ""
        while day >= horizon:
            kind = rng.choices(kinds, weights=weights)[0]
            at = ctx.moment(rng, day, 9, 19)
            if day == ctx.today:
                at = ctx.at(day, 9, rng.randrange(0, 30, 5))
            ctx.add(
                Interaction,
                client_id=client.id,
                at=at,
                kind=kind,
                contact_name=rng.choice(client.contacts) if client.contacts else contact,
                summary=rng.choice(SUMMARIES[kind]),
                answered_at=None,
            )
            day -= timedelta(days=rng.randint(3, 12))
        _missed_calls(ctx, rng, client)


def _missed_calls(ctx: Ctx, rng: random.Random, client: ClientInfo) -> None:
    if client.status in (ClientStatus.TERMINATED, ClientStatus.LEAD):
        return
    r = rng.random()
    if r < 0.04:  # still unanswered: yesterday or this morning
        day = ctx.today - timedelta(days=rng.randint(0, 1))
        at = ctx.at(day, 9, rng.randrange(0, 30, 5)) if day == ctx.today else ctx.moment(rng, day, 12, 19)
        ctx.add(
            Interaction,
            client_id=client.id,
            at=at,
            kind=InteractionKind.CALL_MISSED,
            contact_name=client.contacts[0] if client.contacts else "",
            summary="Пропущенный входящий звонок",
            answered_at=None,
        )
    elif r < 0.12:
        at = ctx.moment(rng, ctx.today - timedelta(days=rng.randint(2, 30)), 9, 17)
        ctx.add(
            Interaction,
            client_id=client.id,
            at=at,
            kind=InteractionKind.CALL_MISSED,
            contact_name=client.contacts[0] if client.contacts else "",
            summary="Пропущенный входящий звонок, перезвонили",
            answered_at=at + timedelta(minutes=rng.randint(10, 180)),
        )
