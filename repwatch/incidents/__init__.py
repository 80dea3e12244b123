"""Incidents: event reports from several articles merged into one real-world incident.

    compat.py          when two reports may be one incident (rules and thresholds)
    merge.py           complete-linkage clustering of reports into `Incident` records
    placenames.py      the places a sentence names (gazetteer or not), for compat
    contradictions.py  where an incident's reports disagree (date, place, deaths)
    tolls.py           death tolls stated in a sentence
    evaluate.py        pair precision on ACLED notes, precision/recall on labelled pairs

Entry point: `repwatch.incidents.merge.merge(reports) -> list[Incident]`.
docs/incidents.md gives the rules, the thresholds and the figures.
"""
