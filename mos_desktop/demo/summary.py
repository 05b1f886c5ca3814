"""What a demo run created: counts per kind, printable in Russian."""

from __future__ import annotations

from dataclasses import dataclass, fields

from mos_desktop import models as m
from mos_desktop.money import NBSP

# field name, model, Russian label (genitive plural, as in «Клиентов: 300»)
KINDS: tuple[tuple[str, type, str], ...] = (
    ("clients", m.Client, "Клиентов"),
    ("contacts", m.ContactPerson, "Контактных лиц"),
    ("sites", m.Site, "Объектов"),
    ("installed_equipment", m.InstalledEquipment, "Единиц установленного оборудования"),
    ("fee_changes", m.FeeChange, "Изменений АП"),
    ("onboardings", m.CloudOnboarding, "Подключений облака"),
    ("interactions", m.Interaction, "Контактов с клиентами"),
    ("invoices", m.Invoice, "Счетов"),
    ("invoice_lines", m.InvoiceLine, "Строк счетов"),
    ("payments", m.Payment, "Поступлений"),
    ("allocations", m.PaymentAllocation, "Разнесений оплат"),
    ("collection_calls", m.CollectionCall, "Звонков должникам"),
    ("payables", m.Payable, "Счетов к оплате"),
    ("shipments", m.Shipment, "Отгрузок"),
    ("shipment_lines", m.ShipmentLine, "Строк отгрузок"),
    ("dostavista_entries", m.DostavistaEntry, "Операций Достависты"),
    ("items", m.Item, "Товаров в каталоге"),
    ("locations", m.Location, "Мест хранения"),
    ("stock_moves", m.StockMove, "Движений товара"),
    ("serial_numbers", m.SerialNumber, "Серийных номеров"),
    ("stock_counts", m.StockCount, "Инвентаризаций"),
    ("stock_count_lines", m.StockCountLine, "Строк инвентаризаций"),
    ("suppliers", m.Supplier, "Поставщиков"),
    ("supplier_prices", m.SupplierPrice, "Цен поставщиков"),
    ("purchase_orders", m.PurchaseOrder, "Заказов поставщикам"),
    ("purchase_order_lines", m.PurchaseOrderLine, "Строк заказов"),
    ("partner_agreements", m.PartnerAgreement, "Партнёрских соглашений"),
    ("contractors", m.Contractor, "Подрядчиков"),
    ("contractor_rates", m.ContractorRate, "Расценок подрядчиков"),
    ("contractor_contracts", m.ContractorContract, "Договоров с подрядчиками"),
    ("contractor_jobs", m.ContractorJob, "Работ подрядчиков"),
    ("service_contracts", m.ServiceContract, "Договоров на обслуживание"),
    ("service_visits", m.ServiceVisit, "Выездов"),
    ("visit_parts", m.VisitPart, "Запчастей на выездах"),
    ("questions", m.Question, "Вопросов клиентов"),
    ("trainings", m.Training, "Обучений"),
    ("deals", m.Deal, "Сделок"),
    ("pilots", m.Pilot, "Пилотов"),
    ("claims", m.Claim, "Претензий"),
    ("feedback", m.Feedback, "Отзывов и пожеланий"),
    ("documents", m.IssuedDocument, "Выпущенных документов"),
)


@dataclass
class DemoSummary:
    clients: int = 0
    contacts: int = 0
    sites: int = 0
    installed_equipment: int = 0
    fee_changes: int = 0
    onboardings: int = 0
    interactions: int = 0
    invoices: int = 0
    invoice_lines: int = 0
    payments: int = 0
    allocations: int = 0
    collection_calls: int = 0
    payables: int = 0
    shipments: int = 0
    shipment_lines: int = 0
    dostavista_entries: int = 0
    items: int = 0
    locations: int = 0
    stock_moves: int = 0
    serial_numbers: int = 0
    stock_counts: int = 0
    stock_count_lines: int = 0
    suppliers: int = 0
    supplier_prices: int = 0
    purchase_orders: int = 0
    purchase_order_lines: int = 0
    partner_agreements: int = 0
    contractors: int = 0
    contractor_rates: int = 0
    contractor_contracts: int = 0
    contractor_jobs: int = 0
    service_contracts: int = 0
    service_visits: int = 0
    visit_parts: int = 0
    questions: int = 0
    trainings: int = 0
    deals: int = 0
    pilots: int = 0
    claims: int = 0
    feedback: int = 0
    documents: int = 0

    @classmethod
    def from_rows(cls, rows: dict[type, list[dict[str, object]]]) -> DemoSummary:
        return cls(**{name: len(rows.get(model, [])) for name, model, _ in KINDS})

    def as_lines(self) -> list[str]:
        """«Клиентов: 300», «Счетов: 3 412» (no-break space between thousands)."""
        labels = {name: label for name, _, label in KINDS}
        return [f"{labels[f.name]}: {getattr(self, f.name):,}".replace(",", NBSP) for f in fields(self)]

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))
