"""Readers and writers of bibliographic formats. Pure text in, core objects out (and back)."""
