#!/usr/bin/python3
"""hex_has.py FILE.hex ADDRESS: exit 0 when the Intel HEX file has data at ADDRESS, else 1."""
import sys

path, wanted = sys.argv[1], int(sys.argv[2], 0)
base = 0
for line in open(path):
    raw = bytes.fromhex(line.strip()[1:])
    count, offset, kind = raw[0], (raw[1] << 8) | raw[2], raw[3]
    if kind == 4:
        base = int.from_bytes(raw[4:6], "big") << 16
    elif kind == 0 and base + offset <= wanted < base + offset + count:
        sys.exit(0)
sys.exit(1)
