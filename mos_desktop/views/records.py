"""The one registry of record kinds: which dialog opens a record of each kind, and how to make a new one.

Any row of any list opens through ``open_record(kind, id)``: a kind with a dialog opens it; a kind without
one yet (an invoice, a call, a stock move) opens the nearest record that has one (its client, its item),
found on the worker by ``services.records.nearest``. New capabilities add their dialogs here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from mos_desktop.views.common.context import AppContext

Opener = Callable[[AppContext, "uuid.UUID | None", QWidget | None, "uuid.UUID | None"], QDialog]


def _client_card(
    ctx: AppContext, record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    from mos_desktop.views.portfolio.card import ClientCardDialog

    return ClientCardDialog(ctx, record_id, parent)


def _declared(kind: str) -> Opener:
    def opener(
        ctx: AppContext, record_id: uuid.UUID | None, parent: QWidget | None, parent_id: uuid.UUID | None
    ) -> QDialog:
        from mos_desktop.views.common.record_dialog import RecordDialog

        extra = EXTRA_BUTTONS.get(kind, ())
        return RecordDialog(ctx, kind, record_id, parent_id=parent_id, parent=parent, extra_buttons=extra)

    return opener


def _item_serials(dialog: Any) -> None:
    from mos_desktop.views.warehouse.serial_history import SerialHistoryDialog

    name = dialog.form.values.get("name", "") if dialog.form is not None else ""
    dialog.serials_dialog = SerialHistoryDialog(dialog.ctx, name, item_id=dialog.record_id, parent=dialog)
    dialog.serials_dialog.open()


# A declared kind's own buttons in its record dialog: (text, action on the dialog).
def _request_answers(dialog: Any) -> None:
    from mos_desktop.views.suppliers.requests import open_answers

    open_answers(dialog)


EXTRA_BUTTONS: dict[str, tuple[tuple[str, Callable[[Any], None]], ...]] = {
    "item": (("История серийных номеров…", _item_serials),),
    "goods_request": (("Поставщики и ответы…", _request_answers),),
}


def _dated(kind: str, date_field: str) -> Opener:
    """A new declared record whose date starts as today."""

    def opener(
        ctx: AppContext, _record_id: uuid.UUID | None, parent: QWidget | None, parent_id: uuid.UUID | None
    ) -> QDialog:
        dialog = _declared(kind)(ctx, None, parent, parent_id)
        dialog.fields.set(date_field, ctx.today())  # type: ignore[attr-defined]
        dialog.mark_clean()  # type: ignore[attr-defined]
        return dialog

    return opener


def _stock_count(
    ctx: AppContext, record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    from mos_desktop.views.warehouse.count_dialog import CountDialog

    return CountDialog(ctx, record_id, parent)


def _order_card(
    ctx: AppContext, record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    """An existing purchase order opens as its card (a new one: ``CREATORS``' order dialog)."""
    from mos_desktop.views.suppliers.order_card import OrderCardDialog

    assert record_id is not None
    return OrderCardDialog(ctx, record_id, parent)


def _issued_document(
    ctx: AppContext, record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    """An issued document opens as itself: its pages as issued, to print, save or e-mail again."""
    from mos_desktop.views.documents.print_dialog import PrintDialog

    assert record_id is not None
    return PrintDialog(ctx, "issued_document", record_id, parent)


DIALOGS: dict[str, Opener] = {
    "client": _client_card,
    "stock_count": _stock_count,
    "issued_document": _issued_document,
    "purchase_order": _order_card,
    **{
        kind: _declared(kind)
        for kind in (
            "supplier",
            "contractor",
            "item",
            "location",
            "user",
            "contact",
            "site",
            "equipment",
            "partner_agreement",
            "goods_request",
            "goods_request_answer",
        )
    },
}

# The Russian names of the kinds, for messages («Товар», «Счёт» ...).
KIND_RU = {
    "client": "Клиент",
    "supplier": "Поставщик",
    "contractor": "Подрядчик",
    "item": "Товар",
    "location": "Место хранения",
    "user": "Сотрудник",
    "contact": "Контакт",
    "site": "Объект",
    "equipment": "Оборудование",
    "stock_count": "Инвентаризация",
    "goods_request": "Нестандартный товар",
    "partner_agreement": "Партнёрское соглашение",
    "goods_request_answer": "Ответ поставщика",
    "purchase_order": "Заказ поставщику",
}


def _move_document(
    ctx: AppContext, _record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    from mos_desktop.views.warehouse.move_dialog import MoveDialog

    return MoveDialog(ctx, parent=parent)


# Kinds whose «new» dialog is not the one that opens an existing record (a posted move is never edited:
# its row opens its item; a new one is a move document).
def _dostavista_entry(
    ctx: AppContext, _record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    from mos_desktop.views.logistics.dostavista_dialog import DostavistaDialog

    return DostavistaDialog(ctx, parent)


def _purchase_order(
    ctx: AppContext, _record_id: uuid.UUID | None, parent: QWidget | None, _parent_id: Any
) -> QDialog:
    from mos_desktop.views.suppliers.order_dialog import OrderDialog

    return OrderDialog(ctx, parent)


CREATORS: dict[str, Opener] = {
    "stock_move": _move_document,
    "dostavista_entry": _dostavista_entry,
    "purchase_order": _purchase_order,
    "goods_request": _dated("goods_request", "requested_on"),
    "goods_request_answer": _dated("goods_request_answer", "asked_on"),
}


def openable() -> set[str]:
    return set(DIALOGS)


def show(dialog: QDialog, on_saved: Callable[[Any], None] | None = None) -> QDialog:
    if on_saved is not None and hasattr(dialog, "saved"):
        dialog.saved.connect(on_saved)
    dialog.open()
    return dialog


def new_record(
    ctx: AppContext,
    kind: str,
    parent: QWidget | None = None,
    *,
    parent_id: uuid.UUID | None = None,
    on_saved: Callable[[Any], None] | None = None,
    preset: dict[str, Any] | None = None,
) -> QDialog | None:
    """A new record of ``kind``; ``preset``: what the list's selected row fills in, for dialogs that take
    one (``apply_preset``: a move from the selected balance row's item and place)."""
    opener = CREATORS.get(kind) or DIALOGS.get(kind)
    if opener is None:
        return None
    dialog = opener(ctx, None, parent, parent_id)
    if preset and hasattr(dialog, "apply_preset"):
        dialog.apply_preset(preset)
    return show(dialog, on_saved)


def creatable() -> set[str]:
    return set(CREATORS) | set(DIALOGS)


def open_record(
    ctx: AppContext,
    kind: str,
    record_id: uuid.UUID,
    parent: QWidget | None = None,
    *,
    on_open: Callable[[QDialog], None] | None = None,
    on_saved: Callable[[Any], None] | None = None,
) -> QDialog | None:
    """Open the record's dialog now, or (no dialog for ``kind``) the nearest one's once the worker found it."""
    opener = DIALOGS.get(kind)
    if opener is not None:
        dialog = show(opener(ctx, record_id, parent, None), on_saved)
        if on_open is not None:
            on_open(dialog)
        return dialog

    from mos_desktop.services.records.nearest import nearest

    kinds = openable()

    def found(target: tuple[str, uuid.UUID] | None) -> None:
        if target is None:
            from mos_desktop.services.records.details import has_details

            if not has_details(kind):
                ctx.status_message.emit("У этой строки нет карточки, которую можно открыть.")
                return
            from mos_desktop.views.common.record_view import RecordViewDialog

            view = show(RecordViewDialog(ctx, kind, record_id, parent))
            if on_open is not None:
                on_open(view)
            return
        dialog = open_record(ctx, target[0], target[1], parent, on_saved=on_saved)
        if dialog is not None and on_open is not None:
            on_open(dialog)

    ctx.run_db(lambda s: nearest(s, kind, record_id, kinds), found)
    return None


def ask_archive(
    ctx: AppContext,
    kind: str,
    record_id: uuid.UUID,
    name: str,
    parent: QWidget | None = None,
    *,
    on_done: Callable[[Any], None] | None = None,
) -> Any:
    """Delete (a client, a contact...) or archive (reference data) a record after a confirmation whose
    default is «Отмена»; the command runs on the worker and the lists that show its area reload."""
    from mos_desktop.views.common.confirm import confirm
    from mos_desktop.views.common.operation import CommandOp

    if kind == "client":
        from mos_desktop.services.client_save import DeleteClientForm, remove_client

        return confirm(
            parent,
            "Удаление клиента",
            f"Удалить клиента «{name}»?",
            "Клиент исчезнет из всех списков. Счета и история останутся в базе.",
            "Удалить",
            lambda: _run(CommandOp(ctx, remove_client, DeleteClientForm(record_id), parent=parent), on_done),
        )
    from mos_desktop.services.records.kinds import SPECS
    from mos_desktop.services.records.spec import ArchiveForm

    spec = SPECS.get(kind)
    if spec is None:
        ctx.status_message.emit("Эту запись нельзя удалить из списка.")
        return None
    from mos_desktop.services.records.commands import archive_record

    if spec.archivable:
        title, text = f"{spec.title}: в архив", f"Перенести «{name}» в архив?"
        info = "Запись останется в истории и документах, но пропадёт из списков выбора. Её можно вернуть."
        yes = "В архив"
    else:
        title, text, info, yes = f"{spec.title}: удаление", f"Удалить «{name}»?", "", "Удалить"
    return confirm(
        parent,
        title,
        text,
        info,
        yes,
        lambda: _run(CommandOp(ctx, archive_record, ArchiveForm(kind, record_id), parent=parent), on_done),
    )


def _run(op: Any, on_done: Callable[[Any], None] | None) -> None:
    if on_done is not None:
        op.success(on_done)
    op.run()


def ask_reverse(
    ctx: AppContext, kind: str, record_id: uuid.UUID, name: str, parent: QWidget | None = None
) -> Any:
    """Reverse a ledger entry (a stock move, a payment): asks for the reason, then the reversing command.
    Nothing in a ledger is edited or deleted."""
    from PySide6.QtWidgets import QInputDialog

    from mos_desktop.views.common.operation import CommandOp

    made = REVERSERS.get(kind)
    if made is None:
        ctx.status_message.emit("Эту запись нельзя сторнировать.")
        return None
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Сторно")
    dialog.setLabelText(f"Отменить «{name}» обратной записью. Причина:")
    dialog.setOkButtonText("Сторнировать")
    dialog.setCancelButtonText("Отмена")

    def accepted(reason: str) -> None:
        command, form = made(ctx, record_id, reason.strip())
        CommandOp(ctx, command, form, parent=parent).failure(ctx.status_message.emit).run()

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog


def _reverse_move(ctx: AppContext, record_id: uuid.UUID, reason: str) -> tuple[Any, Any]:
    from mos_desktop.services.stock.reversal import ReverseForm, reverse_move

    return reverse_move, ReverseForm(record_id, reason, series=ctx.settings.document_series)


def _reverse_payment(_ctx: AppContext, record_id: uuid.UUID, reason: str) -> tuple[Any, Any]:
    from mos_desktop.services.payments.allocation import ReversalForm, reverse_payment

    return reverse_payment, ReversalForm(record_id, reason)


def _reverse_dostavista(_ctx: AppContext, record_id: uuid.UUID, reason: str) -> tuple[Any, Any]:
    from mos_desktop.services.payments.dostavista import DostavistaReversalForm, reverse_dostavista_entry

    return reverse_dostavista_entry, DostavistaReversalForm(record_id, reason)


REVERSERS: dict[str, Callable[[AppContext, uuid.UUID, str], tuple[Any, Any]]] = {
    "stock_move": _reverse_move,
    "payment": _reverse_payment,
    "dostavista_entry": _reverse_dostavista,
}
