"""Склад Румянцево: balances and the stock ledger."""
