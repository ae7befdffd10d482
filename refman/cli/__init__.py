"""The `refman` command line: the same use-cases as the GUI, on `refman.library`."""
