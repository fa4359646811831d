#!/usr/bin/python3
"""mergehex.py -o OUT.hex IN.hex...: merges Intel HEX files into one.

Refuses two inputs that write the same byte, naming both files and the
address range, as nRF Connect SDK's mergehex does. Standard library only.
"""
import argparse
import sys


def read_hex(path):
    """{address: byte} of one Intel HEX file (record types 00, 01, 02, 04, 05)."""
    data = {}
    base = 0
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            if not line.startswith(":"):
                sys.exit("{}:{}: not an Intel HEX record".format(path, number))
            raw = bytes.fromhex(line[1:])
            if sum(raw) & 0xFF:
                sys.exit("{}:{}: checksum mismatch".format(path, number))
            count, address, kind = raw[0], (raw[1] << 8) | raw[2], raw[3]
            payload = raw[4:4 + count]
            if kind == 0:
                for i, byte in enumerate(payload):
                    data[base + address + i] = byte
            elif kind == 1:
                break
            elif kind == 2:
                base = int.from_bytes(payload, "big") << 4
            elif kind == 4:
                base = int.from_bytes(payload, "big") << 16
    return data


def record(kind, address, payload):
    raw = bytes([len(payload), (address >> 8) & 0xFF, address & 0xFF, kind]) + payload
    return ":" + (raw + bytes([(-sum(raw)) & 0xFF])).hex().upper() + "\n"


def write_hex(path, data):
    lines = []
    upper = None
    addresses = sorted(data)
    i = 0
    while i < len(addresses):
        start = addresses[i]
        if start >> 16 != upper:
            upper = start >> 16
            lines.append(record(4, 0, upper.to_bytes(2, "big")))
        chunk = bytearray()
        while (i < len(addresses) and addresses[i] == start + len(chunk) and len(chunk) < 16
               and addresses[i] >> 16 == upper):
            chunk.append(data[addresses[i]])
            i += 1
        lines.append(record(0, start & 0xFFFF, bytes(chunk)))
    lines.append(record(1, 0, b""))
    with open(path, "w") as f:
        f.writelines(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()
    merged, owner = {}, {}
    for path in args.inputs:
        data = read_hex(path)
        clash = sorted(a for a in data if a in merged)
        if clash:
            sys.exit("mergehex: {} and {} overlap at 0x{:x}-0x{:x}".format(
                owner[clash[0]], path, clash[0], clash[-1] + 1))
        merged.update(data)
        for a in data:
            owner[a] = path
    write_hex(args.output, merged)


if __name__ == "__main__":
    main()
