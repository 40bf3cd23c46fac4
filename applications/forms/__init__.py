"""Organisation and application forms, by area."""
