_instruments = ("groq >= 0.16.0",)
