_instruments = ("openai >= 1.92.0",)
