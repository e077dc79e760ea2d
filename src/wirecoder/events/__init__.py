"""Events: who did what to whom, where, when, how many, and who says so."""
