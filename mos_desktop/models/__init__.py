"""The whole data model. Importing this package registers every table on ``Base.metadata``."""

from mos_desktop.models.base import Base, Ledger, Synced, synced_tables
from mos_desktop.models.billing import (
    CallOutcome,
    CollectionCall,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payable,
    PayableKind,
    PayableStatus,
    Payment,
    PaymentAllocation,
    PaymentDirection,
    PaymentSource,
    VatMode,
)
from mos_desktop.models.clients import (
    CLIENT_STATUS_RU,
    Client,
    ClientStatus,
    CloudOnboarding,
    ContactPerson,
    FeeChange,
    InstalledEquipment,
    Interaction,
    InteractionKind,
    Site,
)
from mos_desktop.models.contractors import (
    Contractor,
    ContractorContract,
    ContractorJob,
    ContractorRate,
    JobStatus,
)
from mos_desktop.models.documents import DocumentKind, IssuedDocument
from mos_desktop.models.logistics import (
    CarrierKind,
    DocsStatus,
    DostavistaEntry,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from mos_desktop.models.people import USER_ROLE_RU, User, UserRole
from mos_desktop.models.sales import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Deal,
    DealKind,
    DealStage,
    Feedback,
    FeedbackKind,
    Pilot,
    PilotStatus,
)
from mos_desktop.models.service import (
    Question,
    QuestionStatus,
    RoutedTo,
    ServiceContract,
    ServiceVisit,
    Training,
    TrainingStatus,
    VisitKind,
    VisitPart,
    VisitStatus,
)
from mos_desktop.models.stock import (
    Item,
    Location,
    LocationKind,
    MoveKind,
    SerialNumber,
    StockCount,
    StockCountLine,
    StockMove,
)
from mos_desktop.models.suppliers import (
    Availability,
    GoodsRequest,
    GoodsRequestAnswer,
    GoodsRequestStatus,
    PartnerAgreement,
    PurchaseAttachment,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStep,
    PurchaseStatus,
    Supplier,
    SupplierPrice,
)

__all__ = [name for name in dir() if not name.startswith("_")]
