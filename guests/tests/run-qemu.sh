#!/bin/bash
# Runs the test kernels on QEMU raspi3b and compares each mini-UART transcript
# with tests/NAME/expected.txt. Usage: run-qemu.sh [NAME...] (default: all).
# Also runs the position-independent guests: NAME (echo, lrtos, bench,
# mmio-forms, hostile) is guests/NAME/NAME.bin at 0x80000/EL2, NAME@0 is
# el1shim/NAME-at0.bin (0x0/EL1h); their transcripts are NAME/expected.txt,
# except hostile's (hostile/expected-bare.txt and expected-el1shim.txt) and
# lrtos's, whose interleaving varies: lrtos_check tests its shape instead.
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
	echo|echo@0) sleep 1; printf 'hello\rworlx\x7fd\r\x08ab\x7fc\r\n' ;;
	esac
	exec sleep $((limit * 4))	# exec: killing the feeder ends the sleep too
}

# Image, expected transcript, last line and time limit of one name.
resolve() {
	local name=$1 base=${1%@0} guests
	guests=$(dirname "$here")
	done_re='TEST DONE' tlimit=$limit
	case $base in
	echo|lrtos|bench|mmio-forms|hostile)
		if [ "$name" = "$base" ]; then
			image=$guests/$base/$base.bin expected=$guests/$base/expected.txt
			[ "$base" = hostile ] && expected=$guests/hostile/expected-bare.txt
		else
			image=$guests/el1shim/$base-at0.bin expected=$guests/$base/expected.txt
			[ "$base" = hostile ] && expected=$guests/hostile/expected-el1shim.txt
		fi
		[ "$base" = bench ] && done_re='bench: done'
		[ "$base" = echo ] || [ "$base" = lrtos ] && done_re= tlimit=3	# they never finish
		[ "$base" = hostile ] && tlimit=$((limit * 4))	# phase 1 fills QEMU's 960 MiB
		;;
	*)
		image=$here/$name/$name.bin expected=$here/$name/expected.txt
		;;
	esac
}

run_one() {
	local name=$1 out=$tmp/$1.out extra=() image expected done_re tlimit
	resolve "$name"
	if [ "$name" = sdcard ]; then
		"$here/make-card.sh" "$tmp/card.img" >/dev/null
		extra=(-drive "if=sd,format=raw,file=$tmp/card.img")
	fi
	rm -f "$tmp/in"
	: >"$out"
	mkfifo "$tmp/in"
	feed "$name" >"$tmp/in" &
	fpid=$!
	"$qemu" -M raspi3b -kernel "$image" \
		-serial null -serial stdio -display none -monitor none "${extra[@]}" \
		<"$tmp/in" >"$out" 2>/dev/null &
	qpid=$!
	for _ in $(seq $((tlimit * 10))); do
		[ -n "$done_re" ] && grep -q "$done_re" "$out" && break
		sleep 0.1
	done
	sleep 0.2
	kill "$qpid" "$fpid" 2>/dev/null
	wait "$qpid" "$fpid" 2>/dev/null
	qpid= fpid=
	tr -d '\r' <"$out" >"$out.txt"
	if [ "${name%@0}" = lrtos ]; then
		lrtos_check "$out.txt" && echo "PASS $name" && return 0
	elif diff -u "$expected" "$out.txt"; then
		echo "PASS $name"
		return 0
	fi
	echo "FAIL $name"
	return 1
}

# lrtos: the banner, then whole 12345 and abcde strings only (each is one
# SVC; the last one may be cut by the kill), both tasks switched in and out.
lrtos_check() {
	local body
	body=$(tail -n +2 "$1" | tr -d '\n')
	[ "$(head -n 1 "$1")" = "lrtos: mmu on, 2 tasks, 10 ms tick" ] || { echo "lrtos: banner: $(head -n 1 "$1")"; return 1; }
	printf '%s' "$body" | grep -qE '^(12345|abcde)*(1|12|123|1234|a|ab|abc|abcd)?$' ||
		{ echo "lrtos: a string was split: $(printf '%s' "$body" | head -c 200)"; return 1; }
	printf '%s' "$body" | grep -q '12345abcde.*abcde12345' ||
		{ echo "lrtos: no switch from each task to the other"; return 1; }
}

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(gentimer mailbox sdcard smp systimer uart-irq watchdog
	echo echo@0 lrtos lrtos@0 bench bench@0 mmio-forms mmio-forms@0 hostile hostile@0)
pass=0 fail=0
for n in "${names[@]}"; do
	if run_one "$n"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
