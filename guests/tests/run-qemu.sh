#!/bin/bash
# Runs the test kernels on QEMU raspi3b and compares each mini-UART transcript
# with tests/NAME/expected.txt. Usage: run-qemu.sh [NAME...] (default: all).
# Prints "N passed, N failed"; exit 1 when any failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
qemu=${QEMU:-qemu-system-aarch64}
limit=${TEST_TIMEOUT:-20}
command -v "$qemu" >/dev/null || { echo "run-qemu: $qemu not found" >&2; exit 2; }

tmp=$(mktemp -d)
qpid= fpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# Feeds the test's input (after a pause, so it arrives once the kernel runs).
feed() {
	case $1 in
	uart-irq) sleep 1; printf 'Hello, visor 42!\n' ;;
	esac
	exec sleep "$limit"	# exec: killing the feeder ends the sleep too
}

run_one() {
	local name=$1 out=$tmp/$1.out extra=()
	if [ "$name" = sdcard ]; then
		"$here/make-card.sh" "$tmp/card.img" >/dev/null
		extra=(-drive "if=sd,format=raw,file=$tmp/card.img")
	fi
	rm -f "$tmp/in"
	: >"$out"
	mkfifo "$tmp/in"
	feed "$name" >"$tmp/in" &
	fpid=$!
	"$qemu" -M raspi3b -kernel "$here/$name/$name.bin" \
		-serial null -serial stdio -display none -monitor none "${extra[@]}" \
		<"$tmp/in" >"$out" 2>/dev/null &
	qpid=$!
	for _ in $(seq $((limit * 10))); do
		grep -q 'TEST DONE' "$out" && break
		sleep 0.1
	done
	sleep 0.2
	kill "$qpid" "$fpid" 2>/dev/null
	wait "$qpid" "$fpid" 2>/dev/null
	qpid= fpid=
	tr -d '\r' <"$out" >"$out.txt"
	if diff -u "$here/$name/expected.txt" "$out.txt"; then
		echo "PASS $name"
		return 0
	fi
	echo "FAIL $name"
	return 1
}

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(gentimer mailbox sdcard smp systimer uart-irq watchdog)
pass=0 fail=0
for n in "${names[@]}"; do
	if run_one "$n"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
