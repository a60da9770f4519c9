"""The exam rules as pure functions over plain values: no ORM, no settings, testable without a database.

A regulation profile's `config["rules"]` (data, effective-dated with its profile) is parsed here into plain
values; services load the profile and call these functions; `manage.py exam_rules` runs them on worked cases.
"""
