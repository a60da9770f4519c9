"""Pages and API of the registry, one module per sub-domain (staff, imports, reports, units)."""
