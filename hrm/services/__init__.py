"""Writes and workflows of the staff registry, by sub-domain."""

from hrm.services.org import unit_create

__all__ = ["unit_create"]
