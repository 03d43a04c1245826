"""STS Planner: unit-safe planning of sodium thiosulfate treatment."""
