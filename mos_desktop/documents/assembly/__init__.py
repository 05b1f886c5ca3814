"""Data assembly: one module per form family, from the database to the forms' plain dataclasses."""
