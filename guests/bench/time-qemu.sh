#!/bin/bash
# Times bench.bin on QEMU raspi3b: wall time from QEMU's start until
# "bench: done" appears on the mini-UART, and QEMU's CPU time by then,
# for RUNS runs (default 3).
# Usage: time-qemu.sh [image] (default: bench.bin next to this script;
# el1shim/bench-at0.bin times the 0x0/EL1 entry).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
img=${1:-$here/bench.bin}
qemu=${QEMU:-qemu-system-aarch64}
runs=${RUNS:-3}
limit=${TIMEOUT:-120}
tmp=$(mktemp -d)
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

for r in $(seq "$runs"); do
	out=$tmp/out.$r
	: >"$out"
	start=$(date +%s.%N)
	"$qemu" -M raspi3b -kernel "$img" -serial null -serial stdio \
		-display none -monitor none </dev/null >"$out" 2>/dev/null &
	qpid=$!
	end=
	for _ in $(seq $((limit * 100))); do
		if grep -q 'bench: done' "$out"; then
			end=$(date +%s.%N)
			break
		fi
		sleep 0.01
	done
	# QEMU's own CPU time (utime + stime), less sensitive to a loaded machine
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$qpid/stat" 2>/dev/null)
	kill "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	qpid=
	tr -d '\r' <"$out"
	if [ -z "$end" ]; then
		echo "run $r: no 'bench: done' within $limit s"
		exit 1
	fi
	echo "run $r: wall $(echo "$end - $start" | bc) s, qemu cpu ${cpu:-?} s"
done
