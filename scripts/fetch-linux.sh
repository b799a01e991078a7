#!/bin/bash
# Fetches Debian's arm64 Linux kernel and the Raspberry Pi 3 Model B device tree
# from the linux-image-<abi>-arm64 package (the one linux-image-arm64 depends on)
# into guests/linux/ (git-ignored, third-party):
#   Image                   the uncompressed arm64 kernel (from vmlinuz, gunzipped if compressed)
#   bcm2837-rpi-3-b.dtb     the device tree, from usr/lib/linux-image-*/broadcom/
#   VERSION                 the package and version the files came from
# No System.map: the package's is a placeholder, the real one is in the 800 MB -dbg package.
# Idempotent: does nothing when all files are there. Uses apt only (no other network).
# Needs root on Debian 12 the first time (dpkg --add-architecture, apt-get update).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/guests/linux
files=(Image bcm2837-rpi-3-b.dtb VERSION)

have_all=1
for f in "${files[@]}"; do
	[ -s "$dest/$f" ] || have_all=0
done
if [ "$have_all" = 1 ]; then
	echo "fetch-linux: guests/linux/ complete ($(cat "$dest/VERSION"))"
	exit 0
fi

for tool in dpkg dpkg-deb apt-get apt-cache gunzip; do
	if ! command -v "$tool" >/dev/null; then
		echo "fetch-linux: $tool not found; this script needs a Debian system with apt" >&2
		exit 1
	fi
done

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		echo "fetch-linux: '$*' needs root" >&2
		exit 1
	fi
}

if [ "$(dpkg --print-architecture)" != arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "fetch-linux: adding dpkg architecture arm64"
	as_root dpkg --add-architecture arm64
fi

meta=linux-image-arm64:arm64
if ! apt-cache show "$meta" >/dev/null 2>&1; then
	echo "fetch-linux: $meta not in the package lists, running apt-get update"
	if ! as_root apt-get update -qq || ! apt-cache show "$meta" >/dev/null 2>&1; then
		echo "fetch-linux: cannot find $meta: no reachable Debian package source offers it" >&2
		echo "fetch-linux: check /etc/apt/sources.list* (Debian 12 'main' has linux-image-arm64)" >&2
		exit 1
	fi
fi
# The metapackage depends on the versioned image package that holds the files.
pkg=$(apt-cache depends "$meta" | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$pkg" ]; then
	echo "fetch-linux: $meta names no linux-image-<version>-arm64 package" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && chown _apt "$tmp"	# apt's download sandbox user writes here
echo "fetch-linux: downloading $pkg (about 60 MB)"
if ! (cd "$tmp" && apt-get download -qq "$pkg"); then
	echo "fetch-linux: apt-get download $pkg failed: no reachable Debian package source" >&2
	exit 1
fi
deb=$(ls "$tmp"/*.deb)
version=$(dpkg-deb -f "$deb" Version)
# Only the kernel and the Pi 3 device tree leave the package: the modules would take ~400 MB.
mkdir -p "$tmp/x"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards './boot/vmlinuz-*' \
	'./usr/lib/linux-image-*/broadcom/bcm2837-rpi-3-b.dtb'

vmlinuz=$(ls "$tmp"/x/boot/vmlinuz-* 2>/dev/null | head -n1)
dtb=$(ls "$tmp"/x/usr/lib/linux-image-*/broadcom/bcm2837-rpi-3-b.dtb 2>/dev/null | head -n1)
for f in "$vmlinuz" "$dtb"; do
	if [ -z "$f" ]; then
		echo "fetch-linux: $(basename "$deb") lacks boot/vmlinuz-* or broadcom/bcm2837-rpi-3-b.dtb" >&2
		exit 1
	fi
done

mkdir -p "$dest"
# Debian's arm64 vmlinuz is either a gzip-compressed Image or (the signed EFI build) the Image
# itself; the boot protocol wants the Image.
if gunzip -t "$vmlinuz" 2>/dev/null; then
	gunzip -c "$vmlinuz" > "$tmp/Image"
else
	cp "$vmlinuz" "$tmp/Image"
fi
# Image header (Documentation/arch/arm64/booting.rst): magic "ARM\x64" at offset 0x38.
if [ "$(dd if="$tmp/Image" bs=1 skip=56 count=4 2>/dev/null)" != "$(printf 'ARM\x64')" ]; then
	echo "fetch-linux: $(basename "$vmlinuz") is not an arm64 Image (no ARM\\x64 magic)" >&2
	exit 1
fi
install -m 644 "$tmp/Image" "$dest/Image"
install -m 644 "$dtb" "$dest/bcm2837-rpi-3-b.dtb"
echo "$pkg $version arm64" > "$dest/VERSION"
echo "fetch-linux: guests/linux/{Image,bcm2837-rpi-3-b.dtb} from $pkg $version"
