#!/bin/bash
# Rebuilds every guest image (guests/**/*.bin) from source, in place.
# Reproducible: images carry no timestamps or build ids, source paths are
# mapped away (-ffile-prefix-map), sources are sorted, and the ELF files go to
# a throwaway directory. Extra arguments go to make (e.g. a single target).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cross=${CROSS:-aarch64-linux-gnu-}
if ! command -v "${cross}gcc" >/dev/null; then
	echo "build-guests: ${cross}gcc not found (Debian: apt-get install gcc-aarch64-linux-gnu)" >&2
	exit 2
fi

export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0
obj=$(mktemp -d)
trap 'rm -rf "$obj"' EXIT
make -C "$root/guests" --no-print-directory -B O="$obj" CROSS="$cross" "$@"
