#!/bin/bash
# Fetches the third-party guest binaries the demo uses but the repository does
# not carry. Today: U-Boot for the Raspberry Pi 3 from Debian's u-boot-rpi
# (arm64) package -> guests/uboot/u-boot.bin (git-ignored).
# Idempotent: does nothing when the file is there and matches the recorded sum.
# Needs root on Debian 12 the first time (dpkg --add-architecture, apt-get update).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pkg=u-boot-rpi:arm64
member=usr/lib/u-boot/rpi_3/u-boot.bin
dest=$root/guests/uboot/u-boot.bin
sumfile=$root/guests/uboot/u-boot.sha256

recorded=$( [ -f "$sumfile" ] && awk '!/^#/ && NF { print $1; exit }' "$sumfile" || true)

if [ -f "$dest" ] && [ -n "$recorded" ]; then
	have=$(sha256sum "$dest" | cut -d' ' -f1)
	if [ "$have" = "$recorded" ]; then
		echo "fetch-guests: guests/uboot/u-boot.bin present, sha256 $have matches"
		exit 0
	fi
fi

for tool in dpkg apt-get apt-cache sha256sum; do
	if ! command -v "$tool" >/dev/null; then
		echo "fetch-guests: $tool not found; this script needs a Debian system with apt" >&2
		exit 1
	fi
done

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		echo "fetch-guests: '$*' needs root" >&2
		exit 1
	fi
}

# Debian ships the Pi 3 build of U-Boot only in the arm64 (and armhf) package.
if [ "$(dpkg --print-architecture)" != arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "fetch-guests: adding dpkg architecture arm64"
	as_root dpkg --add-architecture arm64
fi

if ! apt-cache show "$pkg" >/dev/null 2>&1; then
	echo "fetch-guests: $pkg not in the package lists, running apt-get update"
	if ! as_root apt-get update -qq || ! apt-cache show "$pkg" >/dev/null 2>&1; then
		echo "fetch-guests: cannot find $pkg: no reachable Debian package source offers it" >&2
		echo "fetch-guests: check /etc/apt/sources.list* (Debian 12 'main' has u-boot-rpi)" >&2
		exit 1
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && chown _apt "$tmp"	# apt's download sandbox user writes here
if ! (cd "$tmp" && apt-get download -qq "$pkg"); then
	echo "fetch-guests: apt-get download $pkg failed: no reachable Debian package source" >&2
	exit 1
fi
deb=$(ls "$tmp"/*.deb)
version=$(dpkg-deb -f "$deb" Version)
dpkg -x "$deb" "$tmp/x"
if [ ! -f "$tmp/x/$member" ]; then
	echo "fetch-guests: $member is not in $(basename "$deb")" >&2
	exit 1
fi
install -m 644 "$tmp/x/$member" "$dest"
got=$(sha256sum "$dest" | cut -d' ' -f1)
echo "fetch-guests: guests/uboot/u-boot.bin from u-boot-rpi $version (arm64), sha256 $got"

if [ -z "$recorded" ]; then
	{
		echo "# sha256 of usr/lib/u-boot/rpi_3/u-boot.bin, written by scripts/fetch-guests.sh"
		echo "$got  u-boot.bin  u-boot-rpi $version arm64"
	} > "$sumfile"
	echo "fetch-guests: recorded it in guests/uboot/u-boot.sha256"
elif [ "$got" != "$recorded" ]; then
	echo "fetch-guests: WARNING: sha256 differs from the recorded one" >&2
	echo "fetch-guests:   recorded $recorded ($(awk '!/^#/ && NF { $1 = $2 = ""; sub(/^ +/, ""); print; exit }' "$sumfile"))" >&2
	echo "fetch-guests:   fetched  $got (u-boot-rpi $version)" >&2
	echo "fetch-guests: probably a newer Debian revision; update guests/uboot/u-boot.sha256 if it boots" >&2
else
	echo "fetch-guests: sha256 matches guests/uboot/u-boot.sha256"
fi
