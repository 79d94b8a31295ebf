_instruments = ("ollama >= 0.5.0",)
