"""Склад Румянцево (process 13): the stock ledger, its commands (moves, reversals, counts), balances,
serial numbers, lists and the command line's import and report."""
