#!/usr/bin/python3
"""An EXTRA_KCONFIG_TARGETS script: savedefconfig.py KCONFIG_ROOT writes the
minimal configuration of $KCONFIG_CONFIG to ./defconfig (kconfiglib's
savedefconfig)."""
import os
import sys

import kconfiglib

kconf = kconfiglib.Kconfig(sys.argv[1])
kconf.load_config(os.environ["KCONFIG_CONFIG"])
kconf.write_min_config("defconfig")
print("wrote defconfig")
