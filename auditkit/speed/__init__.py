"""Speed code: each module makes a run faster and never changes its results.

- :mod:`.cache`: a source cache (the :class:`auditkit.inputs.source_cache.SourceCache` interface);
- :mod:`.early_scan`: record exports read in worker processes while the rest loads (a record scanner);
- :mod:`.fastschema`: compiled JSON Schema validation of the common, valid case;
- :mod:`.workers`: the worker process pool; :mod:`.collector`: pausing Python's cycle collector;
- :mod:`.csv_rows`: the rows csv.reader gives, quote-free text split by C-level calls, a list at a time.
"""
