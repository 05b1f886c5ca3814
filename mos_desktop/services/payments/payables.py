"""Payables (process 10, ТК and contractor invoices of 17): enter an invoice we must pay, then its steps —
entered into ПФ, payment task set, paid (each a date) — or cancel it. Overdue is tinted in the list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from mos_desktop.changes import Area, Changes
from mos_desktop.errors import FieldError, NotFoundError, ValidationError
from mos_desktop.models import Payable, PayableKind, PayableStatus
from mos_desktop.money import format_rub
from mos_desktop.services.payments.rules import parse_amount, parse_day
from mos_desktop.validation import check_inn


@dataclass
class PayableForm:
    counterparty: str
    number: str
    issued_on: str | date
    amount: str
    due_on: str | date | None = None
    kind: str = PayableKind.SUPPLIER.value
    counterparty_inn: str = ""
    supplier_id: uuid.UUID | None = None
    contractor_id: uuid.UUID | None = None
    purpose: str = ""
    id: uuid.UUID | None = None  # None: a new payable


class PayableStep:
    IN_PLAN = "in_plan"  # entered into ПФ
    TASK = "task"  # payment task set
    PAID = "paid"
    CANCEL = "cancel"


@dataclass
class PayableStepForm:
    payable_id: uuid.UUID
    step: str  # PayableStep
    on: str | date | None = None  # default: today


def save_payable(session: Session, form: PayableForm, *, user: str, today: date) -> Changes:
    errors: list[FieldError] = []
    name = form.counterparty.strip()
    if not name:
        errors.append(FieldError("counterparty", "Контрагент: обязательное поле — кому платим"))
    issued = parse_day(form.issued_on, "issued_on", "Дата счёта", errors)
    due = parse_day(form.due_on, "due_on", "Оплатить до", errors, required=False)
    amount = parse_amount(form.amount, "amount", "Сумма", errors)
    if issued and due and due < issued:
        errors.append(FieldError("due_on", "Оплатить до: не раньше даты счёта"))
    try:
        kind = PayableKind(form.kind)
    except ValueError:
        errors.append(FieldError("kind", "Вид: выберите из списка"))
        kind = PayableKind.OTHER
    inn = form.counterparty_inn.strip()
    if inn and (message := check_inn(inn)):
        errors.append(FieldError("counterparty_inn", message))
    row: Payable | None = None
    if form.id is not None:
        row = session.get(Payable, form.id)
        if row is None or row.deleted_at is not None:
            raise NotFoundError("Счёт к оплате не найден — обновите список (F5)")
    if errors:
        raise ValidationError(errors)
    assert issued is not None
    if row is None:
        row = Payable(kind=kind, counterparty=name, issued_on=issued, amount_kop=amount, created_by=user)
        session.add(row)
        verb = "добавлен"
    else:
        verb = "сохранён"
    row.kind, row.counterparty, row.number = kind, name, form.number.strip()
    row.issued_on, row.due_on, row.amount_kop = issued, due, amount
    row.counterparty_inn, row.purpose = inn, form.purpose.strip()
    row.supplier_id, row.contractor_id = form.supplier_id, form.contractor_id
    row.updated_by = user
    session.flush()
    return Changes.of(
        Area.PAYABLES, record_id=row.id, message=f"Счёт к оплате {name} на {format_rub(amount)}: {verb}"
    )


def payable_step(session: Session, form: PayableStepForm, *, user: str, today: date) -> Changes:
    row = session.get(Payable, form.payable_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Счёт к оплате не найден — обновите список (F5)")
    errors: list[FieldError] = []
    on = parse_day(form.on, "on", "Дата", errors, required=False) or today
    if on > today:
        errors.append(FieldError("on", "Дата: в будущем — укажите сегодня или раньше"))
    if row.status in (PayableStatus.PAID, PayableStatus.CANCELLED):
        errors.append(FieldError("step", "Счёт уже оплачен или отменён — менять нечего"))
    if form.step not in (PayableStep.IN_PLAN, PayableStep.TASK, PayableStep.PAID, PayableStep.CANCEL):
        errors.append(FieldError("step", "Шаг: внесён в ПФ, задача на оплату, оплачен или отменён"))
    if errors:
        raise ValidationError(errors)
    if form.step == PayableStep.IN_PLAN:
        row.entered_in_plan_on = on
        row.status = PayableStatus.IN_PLAN
        what = "внесён в ПФ"
    elif form.step == PayableStep.TASK:
        row.payment_task_on = on
        row.entered_in_plan_on = row.entered_in_plan_on or on
        row.status = PayableStatus.IN_PLAN
        what = "задача на оплату поставлена"
    elif form.step == PayableStep.PAID:
        row.paid_on = on
        row.status = PayableStatus.PAID
        what = "оплачен"
    else:
        row.status = PayableStatus.CANCELLED
        what = "отменён"
    row.updated_by = user
    session.flush()
    return Changes.of(
        Area.PAYABLES, record_id=row.id, message=f"Счёт {row.counterparty} № {row.number}: {what}"
    )
