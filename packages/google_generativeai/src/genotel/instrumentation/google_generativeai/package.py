# Either SDK is enough (the instruments-any extra): opentelemetry-instrument loads the instrumentor
# whichever of the two is installed.
_instruments = ()
_instruments_any = ("google-genai >= 1.8.0", "google-generativeai >= 0.8.0")
