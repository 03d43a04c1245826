"""Pharmacy records: beyond-use dates, master formulation and compounding records, labels."""
