#!/usr/bin/python3
"""dfu_zip.py OUT.zip NAME=PATH:KEY=VALUE,... : dfu_application.zip.

Each argument after the zip is one file of the package:
  app_update.bin=/path/app_update.bin:image_index=0,slot_index_primary=1,...
manifest.json lists them as nRF Connect SDK's generate_zip.py does
(reference/dfu-pcd-mcuboot-pm.md §6). The package is reproducible: time and
modtime are SOURCE_DATE_EPOCH (default 0), the zip entries carry 1980-01-01.
"""
import json
import os
import sys
import zipfile


def main():
    out, entries = sys.argv[1], sys.argv[2:]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    files = []
    contents = []
    for entry in entries:
        name_path, _, params = entry.partition(":")
        name, _, path = name_path.partition("=")
        with open(path, "rb") as f:
            data = f.read()
        item = {"file": name, "size": len(data), "modtime": epoch, "type": "application"}
        for param in filter(None, params.split(",")):
            key, _, value = param.partition("=")
            item[key] = int(value, 0) if key == "load_address" else value
        files.append(item)
        contents.append((name, data))
    manifest = {"format-version": 0, "time": epoch, "files": files}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("manifest.json", json.dumps(manifest, indent=2).encode())] + contents:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


if __name__ == "__main__":
    main()
