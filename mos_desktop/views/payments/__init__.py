"""Платежи: collection calls, invoices, incoming payments, payables."""
