"""Following the news as it comes (issue 15): ``summitry watch`` ingests files as they appear in folders,
``summitry feeds`` polls RSS/Atom feeds and fetches their new articles.

* ``watch``: the folder watcher (watchfiles) feeding ``api.ingest``.
* ``http``: a polite, bounded HTTP client (timeouts, redirects, size, conditional GET, per-host delay).
* ``seen``: what the feeds loop remembers in the store (its own two tables, nothing else touched).
* ``feeds``: the polling loop: feeds → new items → articles → ``api.ingest_documents``.
"""
