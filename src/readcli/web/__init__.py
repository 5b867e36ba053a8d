"""News in from the web: HTML pages to article text (:mod:`.page`), feeds (:mod:`.feeds`),
robots.txt (:mod:`.robots`) and the ``add URL`` / ``pull`` flow (:mod:`.ingest`).

The HTTP client itself is :mod:`readcli.fetch`. trafilatura and feedparser are imported only
inside the functions that use them.
"""
