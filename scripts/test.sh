#!/usr/bin/env bash
# The project's test command: installs what a fresh Debian machine lacks, fetches the
# third-party guest images (U-Boot, Debian's arm64 kernel, the SD card built from Debian packages),
# then builds and runs every test
# (unit, differential, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/fetch-guests.sh
bash scripts/fetch-linux.sh
bash scripts/make-initramfs.sh
bash scripts/make-sdimage.sh
mvn -B -ntp verify "$@"
