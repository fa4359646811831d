#!/usr/bin/python3
"""Configures one image with kconfiglib, as Zephyr's kconfig.py does.

kconfig.py KCONFIG_ROOT DOTCONFIG AUTOCONF_H FRAGMENT...

Loads the Kconfig tree, merges the fragments in order (prj.conf, overlays,
the -DCONFIG_... entries of the CMake cache), writes the .config and the C
header. A syntax error, an assignment to an unknown symbol, a value that
does not hold after dependencies (e.g. a symbol set to y whose dependencies
are n) and a malformed value are errors, reported as file:line.
"""
import os
import re
import sys

import kconfiglib


def assignments(path):
    """(line number, symbol name, value) of each CONFIG_ line of a fragment."""
    result = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            match = re.match(r"\s*CONFIG_(\w+)=(.*)", line)
            unset = re.match(r"\s*# CONFIG_(\w+) is not set", line)
            if match:
                value = match.group(2).strip()
                if value.startswith('"') and value.endswith('"') and len(value) >= 2:
                    value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
                result.append((number, match.group(1), value))
            elif unset:
                result.append((number, unset.group(1), "n"))
    return result


def main():
    root, dotconfig, autoconf, fragments = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    try:
        kconf = kconfiglib.Kconfig(root, warn_to_stderr=False)
    except kconfiglib.KconfigError as e:
        sys.exit("error: Kconfig: {}".format(e))
    # A later fragment overriding an earlier one is the point of fragments.
    kconf.warn_assign_override = False
    kconf.warn_assign_redun = False
    kconf.warn_assign_undef = True  # an unknown CONFIG_ is an error, as in Zephyr
    errors = []
    for fragment in fragments:
        kconf.warnings = []
        kconf.load_config(fragment, replace=False)
        # file:line: unknown symbols, malformed values
        errors.extend(w.replace(": warning: ", ": ", 1) for w in kconf.warnings)
    # Values that did not stick: the last assignment of each symbol that
    # Kconfig overrode (unmet dependencies, a choice, a range), like Zephyr.
    last = {}
    for fragment in fragments:
        for number, name, value in assignments(fragment):
            last[name] = (fragment, number, value)
    for name, (fragment, number, value) in sorted(last.items()):
        sym = kconf.syms.get(name)
        if sym is None or sym.type == kconfiglib.UNKNOWN:
            continue  # reported by kconfiglib above
        actual = sym.str_value
        if sym.type in (kconfiglib.HEX, kconfiglib.INT):
            try:
                same = int(value, 0) == int(actual, 0)
            except ValueError:
                same = False
        else:
            same = value == actual
        if not same:
            deps = kconfiglib.expr_str(sym.direct_dep)
            errors.append("{}:{}: CONFIG_{} was assigned {} but is {} (depends on: {})".format(
                fragment, number, name, value, actual or "unset", deps))
    if errors:
        for error in errors:
            print("error: " + error, file=sys.stderr)
        sys.exit(1)
    os.makedirs(os.path.dirname(os.path.abspath(dotconfig)), exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(autoconf)), exist_ok=True)
    kconf.write_config(dotconfig, save_old=False)
    kconf.write_autoconf(autoconf)


if __name__ == "__main__":
    main()
