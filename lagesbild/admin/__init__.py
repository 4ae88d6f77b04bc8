"""Administration for the coordinator: organisations, users, the audit trail."""
