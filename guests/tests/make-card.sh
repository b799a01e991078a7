#!/bin/bash
# Builds a 64 MiB SD card image for the sdcard test kernel, without root:
# an MBR with one FAT16 partition (type 0x0e, LBA 2048..end) holding HELLO.TXT.
# The FAT gets 32 reserved sectors; the test writes into one of them
# (LBA 2048+16), which the filesystem never uses.
# Usage: make-card.sh [card.img]
set -euo pipefail

out=${1:-card.img}
size_mib=64			# QEMU wants a power-of-two card size
start=2048
sectors=$((size_mib * 2048 - start))

le32() {
	local v=$1
	printf "\\x$(printf %02x $((v & 255)))\\x$(printf %02x $((v >> 8 & 255)))"
	printf "\\x$(printf %02x $((v >> 16 & 255)))\\x$(printf %02x $((v >> 24 & 255)))"
}

rm -f "$out"
truncate -s "${size_mib}M" "$out"

# MBR (no boot code): disk signature at 440, partition entry 1 at 446,
# 0x55 0xaa at 510. CHS fields hold the "use LBA" values 0xfe 0xff 0xff.
{
	le32 0x52534956					# disk signature "VISR"
	printf '\x00\x00'
	printf '\x00\xfe\xff\xff\x0e\xfe\xff\xff'	# not active, CHS, type 0x0e, CHS
	le32 "$start"
	le32 "$sectors"
} | dd of="$out" bs=1 seek=440 conv=notrunc status=none
printf '\x55\xaa' | dd of="$out" bs=1 seek=510 conv=notrunc status=none

mkfs.fat -F 16 -R 32 -n VISOR -i 56495352 --offset "$start" "$out" $((sectors / 2)) >/dev/null

hello=$(mktemp)
trap 'rm -f "$hello"' EXIT
printf 'Hello from the visor SD card.\r\n' > "$hello"
touch -d '2024-01-01 00:00:00 UTC' "$hello"
MTOOLS_SKIP_CHECK=1 mcopy -m -i "$out@@$((start * 512))" "$hello" ::HELLO.TXT
echo "$out: ${size_mib} MiB, FAT16 partition at LBA $start with HELLO.TXT"
