"""Attribution: who said what (quotes and reported speech)."""
