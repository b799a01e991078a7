#!/bin/bash
# Builds, in guests/linux/ (git-ignored), what Debian's kernel needs to reach a shell on the PL011:
#   initramfs.cpio.gz           Debian's statically linked busybox (busybox-static:arm64, ./bin/busybox
#                               only) and a /init script that mounts proc, sys and devtmpfs, prints
#                               "visor: busybox up" and runs a busybox shell on the console
#   bcm2837-rpi-3-b-nobt.dtb    bcm2837-rpi-3-b.dtb (scripts/fetch-linux.sh) with the PL011's
#                               bluetooth child disabled: with it, serdev owns the PL011 (the Pi 3 wires
#                               it to the BCM43438's Bluetooth) and ttyAMA0 is no tty, so console input
#                               never reaches the shell, on QEMU raspi3b as here
# The archive is written in the kernel's "newc" cpio format by scripts/newc.sh: no cpio tool,
# and /dev/console (char 5:1) goes in as a device node without root, so the kernel can open its
# initial console before /init mounts devtmpfs.
# Idempotent: does nothing when both are newer than this script. Uses apt only; fdtput comes from
# device-tree-compiler (scripts/install-deps.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/guests/linux
out=$dest/initramfs.cpio.gz
dtb=$dest/bcm2837-rpi-3-b.dtb
nobt=$dest/bcm2837-rpi-3-b-nobt.dtb
self=$root/scripts/make-initramfs.sh

if [ ! -s "$dtb" ]; then
	echo "make-initramfs: guests/linux/bcm2837-rpi-3-b.dtb missing: run scripts/fetch-linux.sh first" >&2
	exit 1
fi
if ! command -v fdtput >/dev/null; then
	echo "make-initramfs: fdtput not found: install device-tree-compiler (scripts/install-deps.sh)" >&2
	exit 1
fi
if [ ! -s "$nobt" ] || [ "$nobt" -ot "$dtb" ] || [ "$nobt" -ot "$self" ]; then
	cp "$dtb" "$nobt.tmp"
	fdtput -t s "$nobt.tmp" /soc/serial@7e201000/bluetooth status disabled
	mv "$nobt.tmp" "$nobt"
	echo "make-initramfs: guests/linux/bcm2837-rpi-3-b-nobt.dtb (PL011 bluetooth disabled)"
fi

if [ -s "$out" ] && [ "$out" -nt "$self" ]; then
	echo "make-initramfs: guests/linux/initramfs.cpio.gz up to date"
	exit 0
fi

for tool in dpkg dpkg-deb apt-get apt-cache gzip; do
	if ! command -v "$tool" >/dev/null; then
		echo "make-initramfs: $tool not found; this script needs a Debian system with apt" >&2
		exit 1
	fi
done

pkg=busybox-static:arm64
if ! apt-cache show "$pkg" >/dev/null 2>&1; then
	echo "make-initramfs: $pkg not in the package lists (run scripts/fetch-linux.sh first: it adds" \
		"the arm64 architecture and updates them)" >&2
	echo "make-initramfs: or no reachable Debian package source offers it; check /etc/apt/sources.list*" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && chown _apt "$tmp"	# apt's download sandbox user writes here
if ! (cd "$tmp" && apt-get download -qq "$pkg"); then
	echo "make-initramfs: apt-get download $pkg failed: no reachable Debian package source" >&2
	exit 1
fi
deb=$(ls "$tmp"/*.deb)
version=$(dpkg-deb -f "$deb" Version)
mkdir -p "$tmp/x"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" ./bin/busybox
if [ ! -s "$tmp/x/bin/busybox" ]; then
	echo "make-initramfs: $(basename "$deb") has no bin/busybox" >&2
	exit 1
fi

cat > "$tmp/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "visor: busybox up ($(uname -r), $(grep -c ^processor /proc/cpuinfo) cpus)"
export PS1='visor:\w# ' HOME=/ PATH=/bin:/sbin:/usr/bin:/usr/sbin
# cttyhack makes the console the shell's controlling terminal (job control, ^C).
exec setsid cttyhack sh
EOF

. "$root/scripts/newc.sh"
{
	for d in bin dev proc sys tmp; do
		newc_entry "$d" $((8#040755)) 0 0
	done
	newc_entry dev/console $((8#020600)) 5 1
	newc_entry bin/busybox $((8#100755)) 0 0 "$tmp/x/bin/busybox"
	newc_entry init $((8#100755)) 0 0 "$tmp/init"
	newc_entry TRAILER!!! 0 0 0
} | gzip -9n > "$tmp/initramfs.cpio.gz"

mkdir -p "$dest"
install -m 644 "$tmp/initramfs.cpio.gz" "$out"
echo "make-initramfs: guests/linux/initramfs.cpio.gz from busybox-static $version" \
	"($(stat -c %s "$out") bytes)"
