#!/bin/bash
# Builds, from Debian packages, an SD card for Debian's kernel (scripts/fetch-linux.sh) with its root
# file system on the card, in guests/linux/sd/ (git-ignored, never committed):
#   card.img        128 MiB: an MBR with a FAT32 boot partition (type 0x0c, LBA 2048, 64 MiB) holding
#                   what the Pi firmware boots (kernel8.img, the device trees, initrd.img, config.txt,
#                   cmdline.txt), and an ext4 root (type 0x83, the rest) made by mke2fs -d from
#                   busybox-static's files, busybox's applet links, and busybox init's inittab and rcS
#   initrd.img      the kernel's SD card and ext4 modules (Debian builds them as modules) with busybox and
#                   an /init that loads them, waits for root= (rootwait), mounts it and switch_roots to
#                   its /sbin/init; without root= it runs a shell
#   bcm2837-rpi-3-b-emmc.dtb
#                   bcm2837-rpi-3-b-nobt.dtb (scripts/make-initramfs.sh) with the card routed to the
#                   Arasan controller, mmc@7e300000 (sdhci-iproc): its pinctrl takes GPIO 48-53 in ALT3
#                   (emmc_gpio48) instead of the Wi-Fi pins, no Wi-Fi child, and the SDHOST disabled
# Usage: make-sdimage.sh [DIR]   (default guests/linux/sd). Idempotent: does nothing when the files
# are newer than this script and the kernel. Uses apt only (apt-get download of the kernel package
# named in guests/linux/VERSION and of busybox-static:arm64); mke2fs (e2fsprogs), mkfs.fat
# (dosfstools), mcopy (mtools), fdtput (device-tree-compiler) and qemu-aarch64 (qemu-user, to list
# busybox's applets) come from scripts/install-deps.sh. No root needed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
linux=$root/guests/linux
dest=${1:-$linux/sd}
self=$root/scripts/make-sdimage.sh
outputs=(card.img initrd.img bcm2837-rpi-3-b-emmc.dtb)

for f in Image VERSION bcm2837-rpi-3-b-nobt.dtb; do
	if [ ! -s "$linux/$f" ]; then
		echo "make-sdimage: guests/linux/$f missing: run scripts/fetch-linux.sh and scripts/make-initramfs.sh" >&2
		exit 1
	fi
done
fresh=1
for f in "${outputs[@]}"; do
	if [ ! -s "$dest/$f" ] || [ "$dest/$f" -ot "$self" ] || [ "$dest/$f" -ot "$linux/Image" ]; then
		fresh=0
	fi
done
if [ "$fresh" = 1 ]; then
	echo "make-sdimage: $dest up to date"
	exit 0
fi
for tool in dpkg-deb apt-get gzip mke2fs mkfs.fat mcopy fdtput fdtget dtc qemu-aarch64; do
	if ! command -v "$tool" >/dev/null; then
		echo "make-sdimage: $tool not found (scripts/install-deps.sh installs it)" >&2
		exit 1
	fi
done

read -r kpkg kversion _ < "$linux/VERSION"
abi=${kpkg#linux-image-}
abi=${abi%%:*}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && chown _apt "$tmp"	# apt's download sandbox user writes here
echo "make-sdimage: downloading $kpkg=$kversion (for its modules) and busybox-static:arm64"
if ! (cd "$tmp" && apt-get download -qq "$kpkg=$kversion" busybox-static:arm64); then
	echo "make-sdimage: apt-get download failed: no reachable Debian package source" >&2
	exit 1
fi

# The modules the card needs, in load order (each after what it depends on, as modinfo's depends=
# lists them): ext4 with its journal and checksums, the SDHCI core, its platform glue and the
# Arasan (iproc) front end, the SDHOST driver, and the watchdog whose restart handler reboots.
modules=(lib/crc16.ko fs/mbcache.ko fs/jbd2/jbd2.ko crypto/crc32c_generic.ko fs/ext4/ext4.ko
	drivers/mmc/host/sdhci.ko drivers/mmc/host/sdhci-pltfm.ko drivers/mmc/host/sdhci-iproc.ko
	drivers/mmc/host/bcm2835.ko drivers/watchdog/bcm2835_wdt.ko)
mkdir -p "$tmp/k" "$tmp/bb"
dpkg-deb --fsys-tarfile "$tmp"/linux-image-*.deb | tar -x -C "$tmp/k" \
	"${modules[@]/#/./lib/modules/$abi/kernel/}"
dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/bb"
busybox=$tmp/bb/bin/busybox

# --- initrd.img ---
cat > "$tmp/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /root /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /lib/modules/order); do
	insmod "/lib/modules/$m"
done
rootdev= rootwait= rootfstype=ext4 rootflags=rw
for a in $(cat /proc/cmdline); do
	case $a in
	root=*) rootdev=${a#root=} ;;
	rootwait) rootwait=1 ;;
	rootfstype=*) rootfstype=${a#rootfstype=} ;;
	ro) rootflags=ro ;;
	esac
done
export PS1='initrd:\w# ' HOME=/ PATH=/bin:/sbin:/usr/bin:/usr/sbin
if [ -z "$rootdev" ]; then
	echo "visor: initrd shell ($(uname -r))"
	exec setsid cttyhack sh
fi
# rootwait: as the kernel's own, wait for the device as long as it takes (the card's probe is async).
while [ ! -b "$rootdev" ] && [ -n "$rootwait" ]; do
	sleep 0.1
done
if ! mount -t "$rootfstype" -o "$rootflags" "$rootdev" /root; then
	echo "visor: cannot mount $rootdev; initrd shell"
	exec setsid cttyhack sh
fi
echo "visor: root $rootdev mounted, switching to its /sbin/init"
mount --move /dev /root/dev
umount /proc /sys
exec switch_root /root /sbin/init
EOF
. "$root/scripts/newc.sh"
{
	for d in bin dev proc sys tmp root lib lib/modules; do
		newc_entry "$d" $((8#040755)) 0 0
	done
	newc_entry dev/console $((8#020600)) 5 1
	newc_entry bin/busybox $((8#100755)) 0 0 "$busybox"
	order=
	for m in "${modules[@]}"; do
		newc_entry "lib/modules/$(basename "$m")" $((8#100644)) 0 0 "$tmp/k/lib/modules/$abi/kernel/$m"
		order+="$(basename "$m")"$'\n'
	done
	printf '%s' "$order" > "$tmp/order"
	newc_entry lib/modules/order $((8#100644)) 0 0 "$tmp/order"
	newc_entry init $((8#100755)) 0 0 "$tmp/init"
	newc_entry TRAILER!!! 0 0 0
} | gzip -9n > "$tmp/initrd.img"

# --- bcm2837-rpi-3-b-emmc.dtb ---
dtb=$tmp/bcm2837-rpi-3-b-emmc.dtb
cp "$linux/bcm2837-rpi-3-b-nobt.dtb" "$dtb"
pins=/soc/gpio@7e200000/emmc_gpio48
phandle=$(fdtget -t u "$dtb" "$pins" phandle 2>/dev/null || true)
if [ -z "$phandle" ]; then
	# Unreferenced pin groups have no phandle: give it one above every phandle in the tree.
	phandle=$(dtc -q -I dtb -O dts "$dtb" | sed -n 's/.*phandle = <0x\([0-9a-f]*\)>.*/\1/p' |
		while read -r h; do echo $((16#$h)); done | sort -n | tail -n1)
	phandle=$((phandle + 1))
	fdtput -t u "$dtb" "$pins" phandle "$phandle"
fi
fdtput -t u "$dtb" /soc/mmc@7e300000 pinctrl-0 "$phandle"
fdtput -d "$dtb" /soc/mmc@7e300000 non-removable
fdtput -d "$dtb" /soc/mmc@7e300000 mmc-pwrseq
fdtput -r "$dtb" /soc/mmc@7e300000/wifi@1
fdtput -t s "$dtb" /soc/mmc@7e202000 status disabled

# --- the root file system ---
rootfs=$tmp/rootfs
mkdir -p "$rootfs"
cp -a "$tmp/bb/." "$rootfs/"
for d in dev proc sys tmp root mnt etc/init.d sbin usr/bin usr/sbin; do
	mkdir -p "$rootfs/$d"
done
# busybox's applet links, as "busybox --install -s" makes them, listed by busybox itself under QEMU.
qemu-aarch64 "$busybox" --list-full | while read -r applet; do
	[ -e "$rootfs/$applet" ] || ln -s /bin/busybox "$rootfs/$applet"
done
cat > "$rootfs/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
::respawn:/bin/cttyhack /bin/sh -l
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sync
::shutdown:/bin/umount -a -r
EOF
cat > "$rootfs/etc/init.d/rcS" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q ' /dev ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
echo "visor: sd root up ($(uname -r), $(grep -c ^processor /proc/cpuinfo) cpus, / on $(awk '$2 == "/" { print $1 }' /proc/mounts))"
EOF
chmod 755 "$rootfs/etc/init.d/rcS"
cat > "$rootfs/etc/profile" <<'EOF'
export PS1='sd:\w# ' HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin
EOF
echo visor > "$rootfs/etc/hostname"

# --- card.img: MBR, FAT32 boot partition, ext4 root ---
size_mib=128
boot_start=2048
boot_sectors=$((64 * 2048))
root_start=$((boot_start + boot_sectors))
root_sectors=$((size_mib * 2048 - root_start))
card=$tmp/card.img
truncate -s "${size_mib}M" "$card"
le32() {
	local v=$1
	printf "\\x$(printf %02x $((v & 255)))\\x$(printf %02x $((v >> 8 & 255)))"
	printf "\\x$(printf %02x $((v >> 16 & 255)))\\x$(printf %02x $((v >> 24 & 255)))"
}
part() {	# type start sectors: one MBR entry, CHS fields "use LBA" (0xfe 0xff 0xff)
	printf "\\x00\\xfe\\xff\\xff\\x$1\\xfe\\xff\\xff"
	le32 "$2"
	le32 "$3"
}
{
	le32 0x44535356		# disk signature "VSSD"
	printf '\x00\x00'
	part 0c "$boot_start" "$boot_sectors"
	part 83 "$root_start" "$root_sectors"
	head -c 32 /dev/zero
	printf '\x55\xaa'
} | dd of="$card" bs=1 seek=440 conv=notrunc status=none

boot=$tmp/boot.fat
mkfs.fat -C -F 32 -n BOOT -i 56534244 "$boot" $((boot_sectors / 2)) >/dev/null
cat > "$tmp/config.txt" <<'EOF'
arm_64bit=1
enable_uart=1
kernel=kernel8.img
device_tree=bcm2837-rpi-3-b-nobt.dtb
initramfs initrd.img followkernel
EOF
echo "earlycon=pl011,mmio32,0x3f201000 console=ttyAMA0 root=/dev/mmcblk0p2 rootwait" > "$tmp/cmdline.txt"
cp "$linux/Image" "$tmp/kernel8.img"
cp "$linux/bcm2837-rpi-3-b-nobt.dtb" "$tmp/"
export MTOOLS_SKIP_CHECK=1
mcopy -m -i "$boot" "$tmp/kernel8.img" "$tmp/initrd.img" "$tmp/config.txt" \
	"$tmp/cmdline.txt" "$tmp/bcm2837-rpi-3-b-nobt.dtb" "$dtb" ::

truncate -s $((root_sectors * 512)) "$tmp/root.ext4"
mke2fs -q -F -t ext4 -L root -U 56495352-0000-4000-8000-000000000002 -E root_owner=0:0 -d "$rootfs" \
	"$tmp/root.ext4" $((root_sectors / 2))k
dd if="$boot" of="$card" bs=512 seek="$boot_start" conv=notrunc,sparse status=none
dd if="$tmp/root.ext4" of="$card" bs=512 seek="$root_start" conv=notrunc,sparse status=none

mkdir -p "$dest"
for f in "${outputs[@]}"; do
	install -m 644 "$tmp/$f" "$dest/$f"
done
echo "make-sdimage: $dest/{card.img,initrd.img,bcm2837-rpi-3-b-emmc.dtb} from $kpkg $kversion and" \
	"busybox-static $(dpkg-deb -f "$tmp"/busybox-static_*.deb Version)"
