_instruments = ("cohere >= 5.15.0",)
