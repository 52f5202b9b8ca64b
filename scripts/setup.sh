#!/usr/bin/env bash
# Installs what building and testing Disagg needs on a fresh Debian machine (idempotent, quiet when done).
# .NET packages come from NuGet on restore; this covers the system side.
set -euo pipefail

packages=(gcc make binutils libc6-dev libxen-dev xenstore-utils)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
    echo "setup: the .NET SDK 10 is required (dotnet not found on PATH)" >&2
    exit 1
fi
if [ ! -e /dev/kvm ]; then
    echo "setup: warning: /dev/kvm is missing; guests cannot run and KVM tests will be skipped" >&2
fi
