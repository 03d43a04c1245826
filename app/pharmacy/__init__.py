"""Pharmacy work: products, mixing, compounding, formulas and measuring."""
