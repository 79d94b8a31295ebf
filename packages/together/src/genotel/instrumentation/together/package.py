_instruments = ("together >= 2.0.0",)
