"""Client care: questions, trainings, upsell deals, claims, marketing feedback, issued documents."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from mos_desktop.demo.context import ClientInfo, Ctx, workday_on_or_after, workdays
from mos_desktop.models import (
    CarrierKind,
    Claim,
    ClaimKind,
    ClaimStatus,
    ClientStatus,
    Deal,
    DealKind,
    DealStage,
    DocumentKind,
    Feedback,
    FeedbackKind,
    IssuedDocument,
    Question,
    QuestionStatus,
    RoutedTo,
    ServiceVisit,
    Training,
    TrainingStatus,
    VisitStatus,
)

QUESTIONS = (
    ("Пропуска", "Как добавить нового жильца в приложение?", RoutedTo.NONE),
    ("Пропуска", "Нужно заблокировать утерянную карту", RoutedTo.NONE),
    ("Оборудование", "Шлагбаум открывается с задержкой 5–7 секунд", RoutedTo.SUPPORT),
    ("Оборудование", "Не работает считыватель на калитке", RoutedTo.SUPPORT),
    ("Облако", "Не приходят уведомления о гостях", RoutedTo.SUPPORT),
    ("Облако", "Нужен доступ в облако для нового охранника", RoutedTo.SUPPORT),
    ("Оплата", "Пришлите акт сверки за полугодие", RoutedTo.NONE),
    ("Оплата", "Не получили счёт за текущий месяц", RoutedTo.NONE),
    ("Монтаж", "Когда будет монтаж на втором въезде?", RoutedTo.ENGINEER),
    ("Готовность объекта", "Подвели питание 220 В к въезду, можно монтировать", RoutedTo.ENGINEER),
    ("Интеграция", "Можно ли выгружать проезды в 1С?", RoutedTo.SUPPORT),
    ("Доработки", "Хотим распознавание номеров на паркинге", RoutedTo.SALES),
    ("Доработки", "Сколько стоит подключить ещё два подъезда?", RoutedTo.SALES),
)
RESOLUTIONS = ("Ответили, инструкция отправлена", "ТП исправила, клиент подтвердил", "Передано в ОП, КП отправлено",
               "Инженер согласовал дату", "Документы отправлены на e-mail")  # fmt: skip
TRAINERS = ("Волков Сергей (ТП)", "Лебедева Ирина (ТП)")
DEALS = (
    ("Второй шлагбаум на въезд", DealKind.EQUIPMENT, (120_000, 260_000)),
    ("Распознавание номеров (LPR) на паркинге", DealKind.EQUIPMENT, (90_000, 180_000)),
    ("Турникеты в подъездах", DealKind.EQUIPMENT, (150_000, 450_000)),
    ("UHF-метки для жителей", DealKind.EQUIPMENT, (25_000, 60_000)),
    ("Переход на тариф «Бизнес»", DealKind.SUBSCRIPTION, (2_000, 9_000)),
    ("Подключение гостевых пропусков", DealKind.SUBSCRIPTION, (1_500, 5_000)),
    ("Видеонаблюдение на КПП", DealKind.EQUIPMENT, (60_000, 140_000)),
)
STAGES = ((DealStage.IDEA, 20), (DealStage.QUALIFIED, 20), (DealStage.HANDED_TO_SALES, 20), (DealStage.PROPOSAL, 15),
          (DealStage.WON, 15), (DealStage.LOST, 10))  # fmt: skip
FEEDBACK = (
    (FeedbackKind.WISH, "Хотят приглашать гостей по ссылке без приложения"),
    (FeedbackKind.WISH, "Просят отчёт по въездам такси"),
    (FeedbackKind.CASE, "Кейс: очередь на въезде исчезла после установки LPR"),
    (FeedbackKind.PARTNER_PLACEMENT, "Кейс размещён на сайте ассоциации УК"),
    (FeedbackKind.THANK_YOU_LETTER, "Благодарственное письмо правления за быстрый монтаж"),
    (FeedbackKind.THANK_YOU_LETTER, "Благодарность за оперативный аварийный выезд"),
)


def _active(ctx: Ctx) -> list[ClientInfo]:
    return [
        c for c in ctx.clients if c.status not in (ClientStatus.TERMINATED, ClientStatus.LEAD)
    ] or ctx.clients


def make_questions(ctx: Ctx) -> None:
    rng = ctx.rng("questions")
    pool = _active(ctx)
    start = ctx.today - timedelta(days=min(90, ctx.history_days))
    forced = 0
    for day in workdays(start, ctx.today):
        for _ in range(round(rng.uniform(4, 9) * ctx.scale)):
            client = rng.choice(pool)
            category, text, routed = rng.choice(QUESTIONS)
            received = (
                ctx.moment(rng, day, 9, 18) if day < ctx.today else ctx.at(day, 9, rng.randrange(0, 30, 5))
            )
            urgent, important = rng.random() < 0.15, rng.random() < 0.3
            due = workday_on_or_after(day + timedelta(days=1 if urgent else rng.randint(2, 7)))
            age = (ctx.today - day).days
            if age > 14:
                status = QuestionStatus.DONE if rng.random() < 0.95 else QuestionStatus.IN_PROGRESS
            else:
                status = rng.choices(
                    (QuestionStatus.DONE, QuestionStatus.IN_PROGRESS, QuestionStatus.OPEN),
                    weights=(50, 25, 25),
                )[0]
            if status != QuestionStatus.DONE and forced < 2 * ctx.count(1):
                due = (
                    ctx.today if forced % 2 == 0 else min(due, ctx.today - timedelta(days=1))
                )  # due today / overdue
                forced += 1
            done = status == QuestionStatus.DONE
            ctx.add(
                Question,
                client_id=client.id, received_at=received, category=category, text=text, urgent=urgent,
                important=important, routed_to=routed, status=status, due_date=due,
                resolution=rng.choice(RESOLUTIONS) if done else "",
                closed_at=received + timedelta(hours=rng.randint(1, 96)) if done else None,
            )  # fmt: skip
            if done and ctx.rows[Question][-1]["closed_at"] > ctx.at(ctx.today, 9):
                ctx.rows[Question][-1]["closed_at"] = ctx.at(ctx.today, 9)


def make_trainings(ctx: Ctx) -> None:
    rng = ctx.rng("trainings")
    pool = _active(ctx)
    fresh = [
        c for c in pool if (c.pilot_start or c.fee_start or ctx.today) >= ctx.today - timedelta(days=120)
    ] or pool
    for day in workdays(ctx.window_start, ctx.today - timedelta(days=1)):
        if rng.random() < 0.3 * ctx.scale or (ctx.scale > 1 and rng.random() < 0.3):
            for _ in range(max(1, round(0.3 * ctx.scale))):
                status = TrainingStatus.CANCELLED if rng.random() < 0.05 else TrainingStatus.DONE
                _training(ctx, rng, rng.choice(pool), ctx.at(day, rng.choice((10, 11, 14, 15, 16))), status)
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    for week, n in ((0, 2), (7, 3)):
        for k in range(ctx.count(n)):
            day = workday_on_or_after(max(ctx.today, monday + timedelta(days=week + rng.randint(0, 4))))
            _training(
                ctx,
                rng,
                fresh[(k * 13 + week) % len(fresh)],
                ctx.at(day, rng.choice((11, 14, 16))),
                TrainingStatus.PLANNED,
            )
    for _ in range(ctx.count(1)):
        day = workday_on_or_after(monday + timedelta(days=7 + rng.randint(0, 4)))
        _training(
            ctx,
            rng,
            rng.choice(fresh),
            ctx.at(day, 15),
            TrainingStatus.RESCHEDULED,
            reschedules=rng.randint(1, 2),
        )


def _training(
    ctx: Ctx, rng: random.Random, client: ClientInfo, at: Any, status: TrainingStatus, reschedules: int = 0
) -> None:
    done = status == TrainingStatus.DONE
    points = sum(s.access_points for s in client.sites)
    contact = client.contacts[0] if client.contacts else ""
    ctx.add(
        Training,
        client_id=client.id, scheduled_at=at, status=status, trainer=rng.choice(TRAINERS),
        participants=f"{contact}, охрана ({rng.randint(2, 6)} чел.)", reschedule_count=reschedules,
        feedback=rng.choice(("Всё понятно, вопросов нет", "Попросили повторить для новой смены охраны",
                             "Нужна памятка для жителей")) if done else "",
        recording_url=f"https://disk.mos-cloud.ru/trainings/{client.domain.removesuffix('.ru')}-{at:%Y%m%d}" if done else "",
        recording_sent_at=min(at + timedelta(hours=rng.randint(2, 30)), ctx.at(ctx.today, 9))
        if done and rng.random() < 0.85
        else None,
        server_format="облако" if rng.random() < 0.85 else "локальный сервер",
        equipment_installed=rng.choice(("Шлагбаум DoorHan ×1, GSM-модуль", "Турникеты PERCo ×2, считыватели Mifare ×2",
                                        "Облачный шлюз, считыватели EM-Marine ×2")),
        integration_configured=rng.choice((True, False, None)), access_points=points or None,
    )  # fmt: skip


def make_deals(ctx: Ctx) -> None:
    rng = ctx.rng("deals")
    pool = _active(ctx)
    unassigned = [c for c in pool if c.manager == ""] or pool
    for n in range(ctx.count(30)):
        client = rng.choice(unassigned if n % 3 == 0 else pool)
        title, kind, (lo, hi) = rng.choice(DEALS)
        stage = rng.choices([s for s, _ in STAGES], weights=[w for _, w in STAGES])[0]
        closed = stage in (DealStage.WON, DealStage.LOST)
        amount = rng.randint(lo // 1000, hi // 1000) * 100000
        ctx.add(
            Deal,
            client_id=client.id, title=title, kind=kind, stage=stage,
            amount_kop=amount if kind == DealKind.EQUIPMENT else 0,
            monthly_kop=amount // 100 * 100 if kind == DealKind.SUBSCRIPTION else 0,
            sales_manager="Гусев Артём (ОП)" if stage not in (DealStage.IDEA, DealStage.QUALIFIED) else "",
            next_step="" if closed else rng.choice(("Позвонить председателю", "Отправить КП", "Согласовать выезд замерщика", "Передать в ОП")),
            next_step_on=None if closed else ctx.today + timedelta(days=rng.randint(-3, 14)),
            closed_on=ctx.today - timedelta(days=rng.randint(1, 90)) if closed else None,
        )  # fmt: skip


def make_claims(ctx: Ctx) -> None:
    rng = ctx.rng("claims")
    pool = _active(ctx)
    debts: dict[int, tuple[int, date]] = ctx.shared.get("debts", {})
    today = ctx.today
    client = rng.choice(pool)
    ctx.add(Claim, client_id=client.id, kind=ClaimKind.FROM_CLIENT, status=ClaimStatus.OPEN, opened_on=today - timedelta(days=7),
            subject="Претензия: простой шлагбаума 3 дня, требуют перерасчёт АП за ноябрь", amount_kop=client.fee_on(today) // 2,
            response_due=today + timedelta(days=3), lawyer="", documents="Претензия вх. № 118", outcome="")  # fmt: skip
    debtors = [
        c for c in ctx.clients if c.number in debts and debts[c.number][1] < today - timedelta(days=60)
    ]
    for c in debtors[: ctx.count(3)]:
        debt, since = debts[c.number]
        opened = today - timedelta(days=rng.randint(5, 40))
        lawsuit = c.status == ClientStatus.TERMINATED
        ctx.add(
            Claim, client_id=c.id, kind=ClaimKind.LAWSUIT if lawsuit else ClaimKind.TO_CLIENT,
            status=ClaimStatus.IN_COURT if lawsuit else ClaimStatus.SENT, opened_on=opened,
            subject=f"Задолженность по абонентской плате с {since:%d.%m.%Y}", amount_kop=debt,
            response_due=opened + timedelta(days=30), lawyer="Юрист: Никитина М. С." if lawsuit else "",
            documents="Претензия, акт сверки, счета" + (", исковое заявление" if lawsuit else ""), outcome="",
        )  # fmt: skip
    for c in [c for c in ctx.clients if c.status == ClientStatus.LEAVING][: ctx.count(2)]:
        ctx.add(Claim, client_id=c.id, kind=ClaimKind.FROM_CLIENT, status=ClaimStatus.OPEN, opened_on=today - timedelta(days=rng.randint(3, 20)),
                subject="Уведомление о расторжении договора: переходят к другому поставщику", amount_kop=0,
                response_due=today + timedelta(days=rng.randint(2, 12)), documents="Письмо клиента", outcome="", win_back=True)  # fmt: skip
    for _ in range(ctx.count(2)):
        c = rng.choice(pool)
        ctx.add(Claim, client_id=c.id, kind=ClaimKind.FROM_CLIENT, status=rng.choice((ClaimStatus.SETTLED, ClaimStatus.CLOSED)),
                opened_on=today - timedelta(days=rng.randint(60, 200)), subject="Претензия по качеству монтажа",
                amount_kop=0, response_due=None, documents="Претензия, ответ", outcome="Устранено, претензия отозвана")  # fmt: skip


def make_feedback(ctx: Ctx) -> None:
    rng = ctx.rng("feedback")
    pool = _active(ctx)
    for _ in range(ctx.count(25)):
        kind, text = rng.choice(FEEDBACK)
        ctx.add(Feedback, client_id=rng.choice(pool).id, kind=kind, received_on=ctx.today - timedelta(days=rng.randint(0, 200)),
                text=text, published_url="https://assoc-uk.ru/cases/skud" if kind == FeedbackKind.PARTNER_PLACEMENT else "")  # fmt: skip


def make_documents(ctx: Ctx) -> None:
    """A few printed documents: visit acts, handover acts, a claim letter, a reconciliation statement."""
    rng = ctx.rng("documents")
    by_id = {c.id: c for c in ctx.clients}
    visits = [v for v in ctx.rows[ServiceVisit] if v["status"] == VisitStatus.DONE][-ctx.count(4) :]
    for n, v in enumerate(visits, start=1):
        _doc(
            ctx,
            DocumentKind.VISIT_ACT,
            f"АВ-{v['done_on'].year}-{n:04d}",
            v["done_on"],
            v["client_id"],
            "service_visits",
            v["id"],
            v["amount_kop"],
        )
    plans = [
        p
        for p in ctx.shared.get("shipment_plans", [])
        if p.row["status"] == "delivered" and p.row["carrier_kind"] != CarrierKind.PICKUP
    ]
    for n, p in enumerate(plans[-ctx.count(4) :], start=1):
        day = p.row["delivered_at"].date()
        _doc(
            ctx,
            DocumentKind.HANDOVER_ACT,
            f"АПП-{day.year}-{n:04d}",
            day,
            p.client.id,
            "shipments",
            p.row["id"],
            0,
        )
    debts: dict[int, tuple[int, date]] = ctx.shared.get("debts", {})
    for n, c in enumerate([c for c in ctx.clients if c.number in debts][:2], start=1):
        day = ctx.today - timedelta(days=rng.randint(1, 10))
        _doc(
            ctx,
            DocumentKind.RECONCILIATION,
            f"АС-{day.year}-{n:04d}",
            day,
            c.id,
            "clients",
            c.id,
            debts[c.number][0],
        )
        if n == 1:
            _doc(
                ctx,
                DocumentKind.CLAIM_LETTER,
                f"ПР-{day.year}-{n:04d}",
                day,
                c.id,
                "clients",
                c.id,
                debts[c.number][0],
            )
    assert by_id is not None


def _doc(
    ctx: Ctx,
    kind: DocumentKind,
    number: str,
    day: date,
    client_id: Any,
    table: str,
    source_id: Any,
    total: int,
) -> None:
    ctx.add(IssuedDocument, kind=kind, number=number, issued_on=day, client_id=client_id, source_table=table, source_id=source_id,
            total_kop=total, file_name=f"{number}.pdf")  # fmt: skip
