"""What several provider SDKs of one family share, written once (no converter copied between packages)."""
