#!/usr/bin/env python3
"""flip.py IN OUT OFFSET: OUT = IN with the byte at OFFSET inverted (a
corrupted image for the refusal scenario)."""
import sys

data = bytearray(open(sys.argv[1], "rb").read())
data[int(sys.argv[3], 0)] ^= 0xFF
open(sys.argv[2], "wb").write(bytes(data))
