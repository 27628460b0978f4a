"""Redaction: a copy of the input in the same format, detected spans replaced.

Pipeline: read -> detect -> ``FieldRedactor.redact_record`` (operators per entity type,
keyed pseudonyms) -> a same-format writer. Fails closed: a record that cannot be read
or scanned never reaches the output in clear.
"""
