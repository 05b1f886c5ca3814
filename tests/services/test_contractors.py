"""Подрядчики lists: visits with the emergency SLA, contractor jobs, contractors with job counts."""

from __future__ import annotations

from datetime import date

from factories import add, client, contractor, job, msk, visit

from mos_desktop.db import Database
from mos_desktop.models import JobStatus, Site, VisitKind, VisitStatus
from mos_desktop.services.contractors import list_contractors, list_jobs, list_visits

TODAY = date(2026, 11, 23)
DELETED = msk(date(2026, 11, 22))


def test_visits_sla_levels_and_labels(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        site = add(s, Site(client_id=owner.id, name="Корпус 1", address="Москва, ул. Ленина, 1"))
        fixer = contractor(s, "ИП Монтажов")
        emergency = {"kind": VisitKind.EMERGENCY, "status": VisitStatus.REQUESTED}
        late = visit(
            s,
            owner,
            msk(date(2026, 11, 20)),
            sla_due_at=msk(date(2026, 11, 22), 18),
            site_id=site.id,
            **emergency,
        )
        near = visit(s, owner, msk(date(2026, 11, 23), 9), sla_due_at=msk(date(2026, 11, 24), 9), **emergency)
        later = visit(
            s, owner, msk(date(2026, 11, 23), 9), sla_due_at=msk(date(2026, 11, 25), 9), **emergency
        )
        visit(
            s,
            owner,
            msk(date(2026, 11, 10)),
            sla_due_at=msk(date(2026, 11, 12)),
            kind=VisitKind.EMERGENCY,
            status=VisitStatus.DONE,
            scheduled_on=date(2026, 11, 11),
        )
        planned = visit(
            s,
            owner,
            msk(date(2026, 11, 1)),
            scheduled_on=TODAY,
            status=VisitStatus.SCHEDULED,
            contractor_id=fixer.id,
            address="Москва, ул. Мира, 5",
        )
        visit(s, owner, msk(date(2026, 11, 1)), scheduled_on=date(2026, 11, 2), deleted_at=DELETED)
        listing = list_visits(s, today=TODAY)
    assert [(r.id, r.level) for r in listing.rows] == [
        (late.id, "danger"),
        (near.id, "warning"),
        (planned.id, "warning"),
        (later.id, ""),
        (listing.rows[4].id, "ok"),
    ]
    assert listing.rows[0].values == (
        date(2026, 11, 20),
        "Аварийный",
        "ЖК Альфа",
        "Москва, ул. Ленина, 1",
        "",
        "Заявка",
        msk(date(2026, 11, 22), 18),
    )
    assert listing.rows[2].values == (
        TODAY,
        "Плановый",
        "ЖК Альфа",
        "Москва, ул. Мира, 5",
        "ИП Монтажов",
        "Назначен",
        None,
    )
    assert listing.rows[4].values[5] == "Выполнен"
    assert all(r.kind == "service_visit" for r in listing.rows)
    assert listing.summary == "Выездов: 5, аварийных в работе: 3, просрочено по SLA: 1"


def test_jobs_levels(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Альфа")
        fixer = contractor(s, "ИП Монтажов")
        job(
            s,
            fixer,
            "Монтаж шлагбаума",
            client_id=owner.id,
            scheduled_on=date(2026, 11, 20),
            price_kop=1_500_000,
        )
        job(s, fixer, "Замена считывателя", status=JobStatus.SCHEDULED, scheduled_on=TODAY)
        job(
            s,
            fixer,
            "Пусконаладка",
            status=JobStatus.ACCEPTED,
            scheduled_on=date(2026, 11, 2),
            quality_rating=4,
        )
        job(s, fixer, "Удалено", scheduled_on=date(2026, 11, 1), deleted_at=DELETED)
        listing = list_jobs(s, today=TODAY)
    assert [(r.values, r.level) for r in listing.rows] == [
        (
            (
                "ИП Монтажов",
                "ЖК Альфа",
                "Монтаж шлагбаума",
                date(2026, 11, 20),
                "Согласована",
                1_500_000,
                None,
            ),
            "danger",
        ),
        (("ИП Монтажов", "", "Замена считывателя", TODAY, "Назначена", 0, None), "warning"),
        (("ИП Монтажов", "", "Пусконаладка", date(2026, 11, 2), "Принята", 0, 4), "ok"),
    ]
    assert listing.summary == "Работ: 3, в работе: 2"


def test_contractors_counts_this_year_and_open(db: Database) -> None:
    with db.session() as s:
        busy = contractor(
            s, "ИП Монтажов", specialization="СКУД", region="Москва", phone="+7 900 1", rating=5
        )
        idle = contractor(s, "ООО Тихо")
        contractor(s, "Удалён", deleted_at=DELETED)
        job(s, busy, "Этот год, сделано", status=JobStatus.DONE, done_on=date(2026, 3, 1))
        job(s, busy, "Этот год, назначено", status=JobStatus.SCHEDULED, scheduled_on=date(2026, 12, 1))
        job(s, busy, "Прошлый год", status=JobStatus.ACCEPTED, done_on=date(2025, 12, 31))
        job(s, busy, "Отменено", status=JobStatus.CANCELLED, scheduled_on=date(2026, 5, 1))
        job(s, busy, "Согласовано без даты")
        job(s, busy, "Удалено", scheduled_on=date(2026, 5, 1), deleted_at=DELETED)
        listing = list_contractors(s, today=TODAY)
    assert [r.values for r in listing.rows] == [
        ("ИП Монтажов", "СКУД", "Москва", "+7 900 1", 5, 2, 2),
        ("ООО Тихо", "", "", "", None, 0, 0),
    ]
    assert [r.id for r in listing.rows] == [busy.id, idle.id]
    assert listing.summary == "Подрядчиков: 2"
