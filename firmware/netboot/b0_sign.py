#!/usr/bin/env python3
"""Appends the NCS secure-boot validation info to a network-core firmware
binary (firmware/netboot/fw_info.h): the fw_info inside the image names its
size and address; the block after it carries the SHA-256 of those bytes.
The public key and signature fields stay zero: netboot checks the hash
(MCUboot has checked the signature). --corrupt-hash writes a wrong hash, for
the PCD FAIL scenario."""
import argparse
import hashlib
import struct
import sys

FW_INFO_MAGIC = struct.pack("<3I", 0x281EE6DE, 0x8FCEBB4C, 0x00005300)
VALIDATION_MAGIC = struct.pack("<3I", 0x86518483, 0x8FCEBB4C, 0x00005300)
INFO_OFFSETS = (0x0, 0x200, 0x400, 0x800, 0x1000)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--corrupt-hash", action="store_true")
    args = parser.parse_args()
    firmware = open(args.input, "rb").read()
    offset = next((o for o in INFO_OFFSETS if firmware[o:o + 12] == FW_INFO_MAGIC), None)
    if offset is None:
        sys.exit(f"b0_sign: {args.input}: no fw_info at offsets {INFO_OFFSETS}")
    size, _version, address = struct.unpack_from("<3I", firmware, offset + 12)
    if size != len(firmware):
        sys.exit(f"b0_sign: {args.input}: fw_info size {size} but the file has {len(firmware)} bytes")
    digest = bytearray(hashlib.sha256(firmware).digest())
    if args.corrupt_hash:
        digest[0] ^= 0xFF
    padding = b"\xff" * (-len(firmware) % 4)
    block = VALIDATION_MAGIC + struct.pack("<I", address) + bytes(digest) + bytes(128)
    open(args.output, "wb").write(firmware + padding + block)


if __name__ == "__main__":
    main()
