"""`python -m refman` is the `refman` command."""

from refman.launcher import main

raise SystemExit(main())
