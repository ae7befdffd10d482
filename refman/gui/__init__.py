"""The desktop app (PySide6 Widgets). The only package that imports Qt; it talks to refman.library only.

Entry point: `refman.gui.app.run_gui(location)`.
"""
