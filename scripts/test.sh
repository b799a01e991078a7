#!/usr/bin/env bash
# The project's test command: installs what a fresh Debian machine lacks, fetches the
# third-party guest images (U-Boot, Debian's arm64 kernel, the SD card built from Debian packages),
# then builds and runs every test (unit, differential, end-to-end), then the CPU-level ones on each
# execution engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/fetch-guests.sh
bash scripts/fetch-linux.sh
bash scripts/make-initramfs.sh
bash scripts/make-sdimage.sh
mvn -B -ntp verify "$@"
# Both execution engines: the CPU, MMU and hypervisor suites and the Linux boots once more interpreted
# (-Pinterpreter) and with the JIT compiling every block on its first run (-Pjit-every-block).
ENGINE_TESTS='visor.cpu.**,visor.mmu.**,visor.hv.**,visor.e2e.linux.LinuxBootTest'
for engine in interpreter jit-every-block; do
    mvn -B -ntp test -P"$engine" -Dtest="$ENGINE_TESTS" -Dsurefire.failIfNoSpecifiedTests=false "$@"
done
