"""Demo data: a realistic Bến Tre staff registry for trying the system (load_demo, restructure_2025)."""
