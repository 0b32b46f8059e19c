"""Enterprise self-monitoring disclosure: its own reader, checks and statistics, for the enterprise pages."""
