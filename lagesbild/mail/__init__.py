"""Mail between meetings: the outbox and its delivery, the messages, preferences and the calendar."""
