"""The site audit: what a site says about text-and-data mining and AI training to machines
(``robots.txt``, TDMRep, ``ai.txt``, headers, meta tags) beside what its pages say in words, and
whether the pages of one site agree on their rights.

It runs once a scan has read every page: it reads the site files of the scanned folders
(:mod:`licscan.site.files`) and the tables of the scan (:mod:`licscan.site.pages`), and adds the
``reservations`` table and the ``reservation.*`` and ``site.*`` findings
(:mod:`licscan.site.audit`).  ``docs/site-rights.md`` describes each signal and finding.
"""
