"""The frozen app's entry point (PyInstaller runs a script, not a console_scripts entry)."""

from refman.launcher import main

raise SystemExit(main())
