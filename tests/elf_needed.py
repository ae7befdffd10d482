"""DT_NEEDED entries of an ELF shared object, read with struct (no binutils needed in CI)."""

from __future__ import annotations

import struct
from pathlib import Path

DT_NEEDED, DT_STRTAB = 1, 5
PT_LOAD, PT_DYNAMIC = 1, 2


def needed(path: Path) -> list[str]:
    """The sonames a 64-bit little-endian ELF file asks the dynamic loader for, in order."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, f"{path}: not a 64-bit LE ELF file"
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads: list[tuple[int, int, int]] = []
    dynamic: tuple[int, int] | None = None
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if p_type == PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    assert dynamic is not None, f"{path}: no dynamic section"

    def file_offset(vaddr: int) -> int:
        for start, offset, size in loads:
            if start <= vaddr < start + size:
                return offset + vaddr - start
        raise AssertionError(f"{path}: address {vaddr:#x} is in no loaded segment")

    entries = [struct.unpack_from("<qQ", data, dynamic[0] + k) for k in range(0, dynamic[1], 16)]
    strtab = file_offset(next(value for tag, value in entries if tag == DT_STRTAB))
    names = []
    for tag, value in entries:
        if tag == DT_NEEDED:
            end = data.index(b"\0", strtab + value)
            names.append(data[strtab + value:end].decode())
    return names
