"""Подрядчики (processes 11, 18): service visits with the emergency SLA, contractor jobs, contractors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Client,
    Contractor,
    ContractorJob,
    JobStatus,
    ServiceVisit,
    Site,
    VisitKind,
    VisitStatus,
)
from mos_desktop.services.labels import JOB_STATUS_RU, VISIT_KIND_RU, VISIT_STATUS_RU
from mos_desktop.services.levels import due_level, urgency_key
from mos_desktop.services.listing import Column, Level, Listing, Row
from mos_desktop.services.queries import live_client_of, moscow_date

OPEN_JOBS = (JobStatus.AGREED, JobStatus.SCHEDULED)
SLA_NOTICE_DAYS = 1  # an emergency visit whose SLA ends today or tomorrow is due soon


def visit_level(
    kind: VisitKind, status: VisitStatus, scheduled_on: date | None, sla_due_at: datetime | None, today: date
) -> Level:
    """Emergency past its SLA deadline: danger; SLA due today or tomorrow: warning; a visit due
    today: warning, an open visit whose date passed: danger; done: ok."""
    if status == VisitStatus.DONE:
        return "ok"
    if status == VisitStatus.CANCELLED:
        return ""
    if kind == VisitKind.EMERGENCY:
        sla_level = due_level(moscow_date(sla_due_at), today, soon_days=SLA_NOTICE_DAYS)
        if sla_level:
            return sla_level
    return due_level(scheduled_on, today)


def list_visits(session: Session, *, today: date) -> Listing:
    query = (
        select(
            ServiceVisit.id,
            ServiceVisit.scheduled_on,
            ServiceVisit.requested_at,
            ServiceVisit.kind,
            Client.name,
            func.coalesce(func.nullif(ServiceVisit.address, ""), Site.address, ""),
            Contractor.name,
            ServiceVisit.status,
            ServiceVisit.sla_due_at,
        )
        .join(Client, Client.id == ServiceVisit.client_id)
        .outerjoin(Site, and_(Site.id == ServiceVisit.site_id, Site.deleted_at.is_(None)))
        .outerjoin(
            Contractor, and_(Contractor.id == ServiceVisit.contractor_id, Contractor.deleted_at.is_(None))
        )
        .where(ServiceVisit.deleted_at.is_(None), Client.deleted_at.is_(None))
    )
    rows: list[Row] = []
    open_emergency = late = 0
    for vid, scheduled, requested, kind, client, address, contractor, status, sla in session.execute(query):
        level = visit_level(kind, status, scheduled, sla, today)
        if kind == VisitKind.EMERGENCY and status not in (VisitStatus.DONE, VisitStatus.CANCELLED):
            open_emergency += 1
            late += sla is not None and level == "danger"
        when = scheduled or moscow_date(requested)
        sla_shown = sla if kind == VisitKind.EMERGENCY else None
        values = (
            when,
            VISIT_KIND_RU[kind],
            client,
            address,
            contractor or "",
            VISIT_STATUS_RU[status],
            sla_shown,
        )
        rows.append(Row(vid, values, level, kind="service_visit"))
    rows.sort(key=lambda r: -r.values[0].toordinal())
    rows.sort(key=lambda r: urgency_key(r.level))
    summary = ""
    if rows:
        summary = f"Выездов: {len(rows)}, аварийных в работе: {open_emergency}, просрочено по SLA: {late}"
    columns = [
        Column("date", "Дата", "date"),
        Column("kind", "Вид"),
        Column("client", "Клиент"),
        Column("address", "Адрес", stretch=True),
        Column("contractor", "Подрядчик"),
        Column("status", "Статус", "status"),
        Column("sla", "Срок по SLA", "datetime"),
    ]
    return Listing(columns, rows, summary)


def job_level(status: JobStatus, scheduled_on: date | None, today: date) -> Level:
    if status in (JobStatus.DONE, JobStatus.ACCEPTED):
        return "ok"
    if status == JobStatus.CANCELLED:
        return ""
    return due_level(scheduled_on, today)


def list_jobs(session: Session, *, today: date) -> Listing:
    query = (
        select(
            ContractorJob.id,
            Contractor.name,
            Client.name,
            ContractorJob.title,
            ContractorJob.scheduled_on,
            ContractorJob.status,
            ContractorJob.price_kop,
            ContractorJob.quality_rating,
        )
        .join(Contractor, Contractor.id == ContractorJob.contractor_id)
        .outerjoin(Client, live_client_of(ContractorJob))
        .where(ContractorJob.deleted_at.is_(None), Contractor.deleted_at.is_(None))
    )
    rows: list[Row] = []
    in_work = 0
    for jid, contractor, client, title, scheduled, status, price, rating in session.execute(query):
        level = job_level(status, scheduled, today)
        in_work += status in OPEN_JOBS
        values = (contractor, client or "", title, scheduled, JOB_STATUS_RU[status], price, rating)
        rows.append(Row(jid, values, level, kind="contractor_job"))
    rows.sort(key=lambda r: -(r.values[3] or date.min).toordinal())
    rows.sort(key=lambda r: urgency_key(r.level))
    summary = f"Работ: {len(rows)}, в работе: {in_work}" if rows else ""
    columns = [
        Column("contractor", "Подрядчик"),
        Column("client", "Клиент"),
        Column("title", "Работа", stretch=True),
        Column("scheduled_on", "Дата", "date"),
        Column("status", "Статус", "status"),
        Column("price", "Цена", "money"),
        Column("rating", "Оценка", "int"),
    ]
    return Listing(columns, rows, summary)


def list_contractors(session: Session, *, today: date) -> Listing:
    year_from, year_to = date(today.year, 1, 1), date(today.year, 12, 31)
    job_day = func.coalesce(ContractorJob.done_on, ContractorJob.scheduled_on)
    this_year = and_(job_day >= year_from, job_day <= year_to, ContractorJob.status != JobStatus.CANCELLED)
    counts = (
        select(
            ContractorJob.contractor_id.label("contractor_id"),
            func.count().filter(this_year).label("year_jobs"),
            func.count().filter(ContractorJob.status.in_(OPEN_JOBS)).label("open_jobs"),
        )
        .where(ContractorJob.deleted_at.is_(None))
        .group_by(ContractorJob.contractor_id)
        .subquery("counts")
    )
    query = (
        select(
            Contractor.id,
            Contractor.name,
            Contractor.specialization,
            Contractor.region,
            Contractor.phone,
            Contractor.rating,
            func.coalesce(counts.c.year_jobs, 0),
            func.coalesce(counts.c.open_jobs, 0),
        )
        .outerjoin(counts, counts.c.contractor_id == Contractor.id)
        .where(Contractor.deleted_at.is_(None))
        .order_by(Contractor.name)
    )
    rows = [Row(r[0], tuple(r[1:]), kind="contractor") for r in session.execute(query)]
    summary = f"Подрядчиков: {len(rows)}" if rows else ""
    columns = [
        Column("name", "Подрядчик", stretch=True),
        Column("specialization", "Специализация"),
        Column("region", "Регион"),
        Column("phone", "Телефон"),
        Column("rating", "Рейтинг", "int"),
        Column("year_jobs", "Работ за год", "int"),
        Column("open_jobs", "Открытых работ", "int"),
    ]
    return Listing(columns, rows, summary)
