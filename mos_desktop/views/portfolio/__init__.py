"""Портфель: clients and their cards."""
