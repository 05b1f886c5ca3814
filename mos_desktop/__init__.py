"""MOS Desktop: the customer-success manager's and warehouse keeper's workstation."""

__version__ = "0.1.0"
