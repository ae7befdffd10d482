"""`python -m refman` is the `refman` command."""

from refman.cli.main import main

raise SystemExit(main())
