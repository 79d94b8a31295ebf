_instruments = ("groq >= 0.13.1",)
