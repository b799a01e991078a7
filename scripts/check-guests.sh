#!/bin/bash
# Rebuilds every guest image into a temporary directory and compares it with
# the committed .bin files. Exit 0: identical; 1: some image differs or is
# missing; 2: no cross compiler. With --qemu it then also runs every test
# kernel and test guest on QEMU raspi3b against its expected transcript
# (guests/tests/run-qemu.sh; exit 1 when one fails).
set -euo pipefail

run_qemu=0
if [ "${1:-}" = --qemu ]; then
	run_qemu=1
	shift
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cross=${CROSS:-aarch64-linux-gnu-}
if ! command -v "${cross}gcc" >/dev/null; then
	echo "check-guests: ${cross}gcc not found (Debian: apt-get install gcc-aarch64-linux-gnu)" >&2
	exit 2
fi

export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -C "$root/guests" --no-print-directory -B -s O="$tmp/obj" BINDIR="$tmp/bin" CROSS="$cross" >/dev/null

status=0
cd "$tmp/bin"
while IFS= read -r bin; do
	rel=${bin#./}
	if [ ! -f "$root/guests/$rel" ]; then
		echo "check-guests: guests/$rel is built but not committed"
		status=1
	elif cmp -s "$rel" "$root/guests/$rel"; then
		echo "ok       guests/$rel"
	else
		echo "DIFFERS  guests/$rel"
		status=1
	fi
done < <(find . \( -name '*.bin' -o -name '*.elf' \) | sort)
cd "$root"
while IFS= read -r committed; do
	if [ ! -f "$tmp/bin/${committed#guests/}" ]; then
		echo "check-guests: $committed is committed but no longer built"
		status=1
	fi
done < <(git ls-files 'guests/*.bin' | grep -v '^guests/uboot/\|^guests/freertos/' || true)
if [ "$run_qemu" = 1 ] && ! "$root/guests/tests/run-qemu.sh"; then
	status=1
fi
exit $status
