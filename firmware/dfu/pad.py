#!/usr/bin/env python3
"""pad.py IN OUT SIZE: OUT = IN followed by 0xFF up to SIZE bytes (an image
body too large for its slot, for the refusal scenario)."""
import sys

data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data + b"\xff" * (int(sys.argv[3], 0) - len(data)))
