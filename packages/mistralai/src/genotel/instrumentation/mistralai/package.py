_instruments = ("mistralai >= 1.5.0",)
