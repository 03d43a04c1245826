"""Topical courses under occlusion: the plan, its data, and the named amount conventions."""
