"""Pure domain: entries, people, queries, citekeys and errors. No I/O, no third-party imports."""
