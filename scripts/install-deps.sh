#!/usr/bin/env bash
# Installs the Debian packages visor's build and tests use, only those missing:
# the cross compiler for our guests (with the arm64 libc headers the differential harness needs), QEMU (user mode and raspi3b) as reference oracles,
# tmux for pseudo-terminal console tests, mtools/dosfstools for SD card images, device-tree-compiler
# (fdtput) for the Linux console device tree (scripts/make-initramfs.sh), gdb-multiarch for the GDB stub
# tests, Xvfb, xdotool and a JRE with AWT's X11 toolkit for the display window tests.
set -euo pipefail
packages=(make gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user qemu-system-arm tmux mtools dosfstools device-tree-compiler gdb-multiarch xvfb xdotool openjdk-17-jre)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v mvn >/dev/null || missing+=(maven)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
