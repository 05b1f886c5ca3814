"""Платежи: the monthly money cycle (processes 2, 8, 10 and the Dostavista balance of 3).

Reads (``lists``, ``receivables``), rules (``statement`` the bank file parser, ``matching``, ``proration``,
``call_rules``) and commands (``bank_import``, ``allocation``, ``invoicing``, ``calls``, ``payables``,
``dostavista``) sit side by side; ``cli`` holds the command-line handlers. The list functions are
re-exported here for the modules that import them from ``mos_desktop.services.payments``.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mos_desktop.services.payments.lists import (
        INVOICE_CANCELLED,
        INVOICE_PAID,
        INVOICE_PARTIAL,
        INVOICE_UNPAID,
        NOT_ALLOCATED,
        PAYABLE_SOON_DAYS,
        client_phone,
        invoice_state,
        latest_call_subquery,
        latest_promise_subquery,
        list_call_list,
        list_invoices,
        list_payables,
        list_payments,
        payable_level,
    )


__all__ = [
    "INVOICE_CANCELLED",
    "INVOICE_PAID",
    "INVOICE_PARTIAL",
    "INVOICE_UNPAID",
    "NOT_ALLOCATED",
    "PAYABLE_SOON_DAYS",
    "client_phone",
    "invoice_state",
    "latest_call_subquery",
    "latest_promise_subquery",
    "list_call_list",
    "list_invoices",
    "list_payables",
    "list_payments",
    "payable_level",
]


def __getattr__(name: str) -> Any:
    """The re-exported list functions, imported on first use: importing any payments module (the
    command line builds its parser from ``payments.cli`` before the GUI starts) must not load SQLAlchemy
    and the models, which would hold up the window's first paint by most of a second."""
    if name in __all__:
        from mos_desktop.services.payments import lists

        return getattr(lists, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
