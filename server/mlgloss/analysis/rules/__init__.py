"""Rules: each takes matched terms and returns findings with a stable code."""
