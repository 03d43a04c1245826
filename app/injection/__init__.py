"""Intralesional injection rounds: the plan, its data, and its safety ceilings."""
