"""Pure validators for French health and personal identifiers (no Presidio import)."""
