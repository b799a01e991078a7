# Sourced by scripts/make-initramfs.sh and scripts/make-sdimage.sh: writes the kernel's "newc" cpio
# format (Documentation/driver-api/early-userspace/buffer-format.rst) with bash and printf, so device
# nodes such as /dev/console (char 5:1) go in without root and without a cpio tool.
# newc: "070701", then 13 fields of 8 hex digits (ino mode uid gid nlink mtime filesize devmajor
# devminor rdevmajor rdevminor namesize check), the NUL-terminated name padded to 4 bytes, the data
# padded to 4 bytes; "TRAILER!!!" ends it.
newc_ino=0
newc_pad4() {
	local n=$(( (4 - $1 % 4) % 4 ))
	[ "$n" = 0 ] || head -c "$n" /dev/zero
}
newc_entry() {	# name mode rdevmajor rdevminor [file]
	local name=$1 mode=$2 rmaj=$3 rmin=$4 file=${5:-} size=0
	[ -z "$file" ] || size=$(stat -c %s "$file")
	newc_ino=$((newc_ino + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$newc_ino" "$mode" 0 0 1 0 "$size" 0 0 "$rmaj" "$rmin" $((${#name} + 1)) 0
	printf '%s\0' "$name"
	newc_pad4 $((110 + ${#name} + 1))
	if [ -n "$file" ]; then
		cat "$file"
		newc_pad4 "$size"
	fi
}
