"""Resolution of the selected candidates, one module per kind of expression.

- dispatch.py: HANDLERS, the table from a rule name of patterns.tsv to its handler, and the loop
  over a text's candidates (resolve_all);
- state.py: what resolution keeps while it goes through a text (Resolver) and the shared helpers;
- dates.py: absolute dates, months, years, decades, centuries, holidays;
- periods.py: halves, quarters, "the year", counted days, seasons;
- relative.py: weekdays, today/yesterday, clock times, "last week", weekends;
- offsets.py: "three days ago", "a day after <event>", "year-ago" and other comparisons;
- spans.py: durations, sets, vague references.
"""
