pytest_plugins = ["genotel.core.testing.plugin"]
