"""GUI tests (a package so that test modules can share the fixture data in conftest)."""
