"""Trygghetsvandringar (safety walks): plan, findings with photos, owners, re-walk, counting."""
