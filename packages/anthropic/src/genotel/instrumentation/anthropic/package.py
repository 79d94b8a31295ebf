_instruments = ("anthropic >= 0.49.0",)
