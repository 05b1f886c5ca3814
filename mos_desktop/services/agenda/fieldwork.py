"""Agenda sources about dated work with clients: today's deliveries and closing documents left unsigned,
today's trainings, visits today and emergency visits near or past their SLA."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Client,
    Contractor,
    DocsStatus,
    ServiceVisit,
    Shipment,
    ShipmentStatus,
    Training,
    TrainingStatus,
    VisitKind,
    VisitStatus,
)
from mos_desktop.services.agenda.task import Task, TaskKind, hhmm, joined, short
from mos_desktop.services.contractors import SLA_NOTICE_DAYS, visit_level
from mos_desktop.services.labels import SHIPMENT_STATUS_RU, carrier_label
from mos_desktop.services.listing import Level
from mos_desktop.services.logistics import DOCS_SIGN_DAYS
from mos_desktop.services.queries import day_bounds, day_start, live_client_of, moscow_date, with_client_name
from mos_desktop.timeutil import format_date


def shipments(session: Session, today: date) -> list[Task]:
    query = (
        select(Shipment, Client.name)
        .outerjoin(Client, live_client_of(Shipment))
        .where(
            Shipment.deleted_at.is_(None),
            Shipment.status != ShipmentStatus.CANCELLED,
            or_(
                Shipment.agreed_ship_on == today,
                Shipment.planned_delivery_on == today,
                and_(
                    Shipment.docs_status == DocsStatus.SENT,
                    Shipment.docs_sent_on < today - timedelta(days=DOCS_SIGN_DAYS),
                ),
            ),
        )
    )
    tasks = []
    for ship, client in session.execute(query):
        if ship.docs_status == DocsStatus.SENT and ship.docs_sent_on is not None:
            days = (today - ship.docs_sent_on).days
            if days > DOCS_SIGN_DAYS:
                details = (
                    f"Отгрузка № {ship.number}: документы отправлены {format_date(ship.docs_sent_on)}, "
                    f"{days} дн. без подписи"
                )
                what = TaskKind.DOCS_UNSIGNED
                tasks.append(
                    Task("danger", ship.docs_sent_on, what, client or "", details, "shipment", ship.id)
                )
        if today in (ship.agreed_ship_on, ship.planned_delivery_on):
            step = "отгрузка сегодня" if ship.agreed_ship_on == today else "доставка сегодня"
            details = joined(
                (
                    f"№ {ship.number}",
                    step,
                    carrier_label(ship.carrier_kind, ship.carrier_name),
                    SHIPMENT_STATUS_RU[ship.status],
                    ship.to_address,
                )
            )
            level: Level = "ok" if ship.status == ShipmentStatus.DELIVERED else "warning"
            tasks.append(Task(level, today, TaskKind.DELIVERY, client or "", details, "shipment", ship.id))
    return tasks


def trainings(session: Session, today: date) -> list[Task]:
    start, end = day_bounds(today)
    query = with_client_name(
        Training,
        Training.scheduled_at >= start,
        Training.scheduled_at < end,
        Training.status != TrainingStatus.CANCELLED,
    )
    tasks = []
    for training, client in session.execute(query):
        details = joined(
            (
                f"в {hhmm(training.scheduled_at)}",
                training.trainer and f"ведёт {training.trainer}",
                training.participants and f"участники: {training.participants}",
            )
        )
        level: Level = "ok" if training.status == TrainingStatus.DONE else "warning"
        tasks.append(
            Task(
                level,
                today,
                TaskKind.TRAINING,
                client,
                short(details),
                "training",
                training.id,
                at=training.scheduled_at,
            )
        )
    return tasks


def visits(session: Session, today: date) -> list[Task]:
    sla_horizon = day_start(today + timedelta(days=SLA_NOTICE_DAYS + 1))
    query = (
        with_client_name(
            ServiceVisit,
            ServiceVisit.status != VisitStatus.CANCELLED,
            or_(
                ServiceVisit.scheduled_on == today,
                and_(
                    ServiceVisit.kind == VisitKind.EMERGENCY,
                    ServiceVisit.status.in_((VisitStatus.REQUESTED, VisitStatus.SCHEDULED)),
                    ServiceVisit.sla_due_at < sla_horizon,
                ),
            ),
        )
        .add_columns(Contractor.name)
        .outerjoin(
            Contractor, and_(Contractor.id == ServiceVisit.contractor_id, Contractor.deleted_at.is_(None))
        )
    )
    tasks = []
    for v, client, contractor in session.execute(query):
        emergency = v.kind == VisitKind.EMERGENCY
        parts = [short(v.problem, 80), v.address, contractor and f"подрядчик {contractor}"]
        if emergency and v.sla_due_at is not None:  # first: a long address must not cut the deadline off
            parts.insert(0, f"Срок по SLA {format_date(moscow_date(v.sla_due_at))} {hhmm(v.sla_due_at)}")
        when = today if v.scheduled_on == today else moscow_date(v.sla_due_at) or today
        what = TaskKind.VISIT_EMERGENCY if emergency else TaskKind.VISIT_PLANNED
        level = visit_level(v.kind, v.status, v.scheduled_on, v.sla_due_at, today)
        details = joined(parts, "; ")
        tasks.append(Task(level, when, what, client, details, "service_visit", v.id, at=v.sla_due_at))
    return tasks
