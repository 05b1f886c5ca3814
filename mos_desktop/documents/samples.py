"""Sample documents from demo data: the records each form is shown with (tests, ``make bench`` and the
pictures in docs/forms), including a 40-line shipment that runs over several pages.

    python -m mos_desktop.documents.samples OUT_DIR [--png-only]   every form as PDF, DOCX and a PNG of its
                                                                  first page (docs/forms keeps the PNGs)
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mos_desktop.models import (
    Claim,
    Client,
    Invoice,
    Item,
    Location,
    Payment,
    ServiceVisit,
    Shipment,
    ShipmentLine,
    StockMove,
    VisitPart,
)
from mos_desktop.models.billing import InvoiceStatus
from mos_desktop.models.logistics import CarrierKind, ShipmentStatus
from mos_desktop.models.sales import ClaimKind
from mos_desktop.models.stock import LocationKind
from mos_desktop.timeutil import MOSCOW

TODAY = date(2026, 11, 23)
LONG_SHIPMENT = "ОТГ-2026-ДЛИННАЯ"


@dataclass(frozen=True)
class SampleRefs:
    """One record per form (ids or numbers as the CLI takes them)."""

    refs: dict[str, str]


def add_long_shipment(session: Session, lines: int = 40) -> Shipment:
    """A delivery of ``lines`` different items (serials on the tracked ones) for the first client."""
    client = session.scalars(select(Client).order_by(Client.name).limit(1)).one()
    items = list(session.scalars(select(Item).order_by(Item.sku)))
    shipment = Shipment(
        number=LONG_SHIPMENT,
        client_id=client.id,
        carrier_kind=CarrierKind.HEAVY_FREIGHT,
        carrier_name="ГрузовичкоФ",
        status=ShipmentStatus.DELIVERED,
        from_address="108811, г. Москва, поселение Московский, Киевское ш., 22-й км, домовл. 6, стр. 1, "
        "БП «Румянцево», корп. Г",
        to_address=client.postal_address or client.legal_address,
        agreed_ship_on=TODAY,
        shipped_at=datetime.combine(TODAY, time(10), MOSCOW),
        weight_kg=640,
        created_by="Кузнецов П. С.",
    )
    session.add(shipment)
    session.flush()
    for n in range(lines):
        item = items[n % len(items)]
        serial = f"SN-{2600000 + n * 7}" if item.serial_tracked else ""
        session.add(
            ShipmentLine(
                shipment_id=shipment.id,
                item_id=item.id,
                quantity=1 if serial else 1 + n % 6,
                serial=serial,
                price_kop=150_000 + 12_345 * n,
            )
        )
    session.flush()
    return shipment


def sample_refs(session: Session) -> SampleRefs:
    """A good record for each form in a demo database (adds the long shipment if it is missing)."""
    invoice = session.scalars(
        select(Invoice)
        .where(Invoice.status == InvoiceStatus.ISSUED)
        .order_by(Invoice.issued_on.desc(), Invoice.number)
    ).first()
    visit = session.scalars(
        select(ServiceVisit)
        .join(VisitPart, VisitPart.visit_id == ServiceVisit.id)
        .where(ServiceVisit.done_on.is_not(None))
        .order_by(ServiceVisit.amount_kop.desc(), ServiceVisit.done_on)
    ).first()
    long = session.scalars(select(Shipment).where(Shipment.number == LONG_SHIPMENT)).first()
    long = long or add_long_shipment(session)
    short = session.scalars(
        select(Shipment).where(Shipment.number != LONG_SHIPMENT).order_by(Shipment.number)
    ).first()
    assert invoice is not None and visit is not None and short is not None
    move = session.scalars(
        select(StockMove.document_ref)
        .join(Location, Location.id == StockMove.to_location_id)
        .where(StockMove.document_ref.startswith("ПМ-"), Location.kind == LocationKind.OFFICE)
        .group_by(StockMove.document_ref)
        .order_by(func.count().desc(), StockMove.document_ref)
    ).first()
    receipt = session.scalars(
        select(StockMove.document_ref)
        .where(StockMove.purchase_order_id.is_not(None), StockMove.document_ref != "")
        .group_by(StockMove.document_ref)
        .order_by(func.count().desc(), StockMove.document_ref)
    ).first()
    debtor = _debtor(session)
    payer = session.scalars(
        select(Client.inn)
        .join(Payment, Payment.client_id == Client.id)
        .group_by(Client.inn)
        .order_by(func.count().desc(), Client.inn)
    ).first()
    refs = {
        "invoice": invoice.number,
        "act": str(invoice.id),
        "visit-act": str(visit.id),
        "handover-act": short.number,
        "torg12": long.number,
        "upd": long.number,
        "waybill": short.number,
        "move": move or "",
        "receipt": receipt or "",
        "reconciliation": payer or "",
        "claim": debtor,
    }
    return SampleRefs({k: v for k, v in refs.items() if v})


def _debtor(session: Session) -> str:
    """A claim record whose client has overdue unpaid invoices, else such a client's ИНН."""
    from mos_desktop.documents.assembly.finance import debts_of

    for claim in session.scalars(
        select(Claim).where(Claim.kind == ClaimKind.TO_CLIENT).order_by(Claim.opened_on)
    ):
        if debts_of(session, claim.client_id, TODAY):
            return str(claim.id)
    for client in session.scalars(select(Client).order_by(Client.name)):
        if debts_of(session, client.id, TODAY):
            return client.inn
    return ""


def main(argv: list[str]) -> int:
    """Write every form of the demo as PDF and DOCX, and its first page as PNG (needs pdftoppm)."""
    import shutil
    import subprocess

    from mos_desktop.db import open_database
    from mos_desktop.demo import generate_demo
    from mos_desktop.documents import api
    from mos_desktop.documents.company import demo_settings

    out = Path(argv[0] if argv else "docs/forms")
    png_only = "--png-only" in argv
    out.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "demo.sqlite3", daily_backup=False)
        try:
            with database.session() as s:
                generate_demo(s, clients=20, months=3, seed=1, today=TODAY)
            with database.session() as s:
                refs = sample_refs(s)
                settings = demo_settings()
                for kind, ref in refs.refs.items():
                    pdf = Path(folder) / f"{kind}.pdf"
                    pdf.write_bytes(api.render(s, kind, ref, "pdf", settings=settings, today=TODAY))
                    if not png_only:
                        shutil.copy(pdf, out / pdf.name)
                        docx = api.render(s, kind, ref, "docx", settings=settings, today=TODAY)
                        (out / f"{kind}.docx").write_bytes(docx)
                    if pdftoppm:
                        stem = out / kind
                        subprocess.run([pdftoppm, "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                                        str(pdf), str(stem)], check=True)  # fmt: skip
                    print(f"{kind}: {ref}")
        finally:
            database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
