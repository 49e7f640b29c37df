#!/usr/bin/env bash
# Checks for a JDK 17+ (with javac) and Maven; installs them from Debian's packages when missing and we are root.
set -euo pipefail

say() { echo "ensure-build-tools: $*" >&2; }

apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        say "missing: $*; install it (as root: apt-get install -y $*) and try again"
        exit 1
    fi
    say "installing $* from Debian's packages"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

java_major() {
    java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

if ! command -v javac >/dev/null 2>&1 || [ "$(java_major 2>/dev/null || echo 0)" -lt 17 ]; then
    apt_install openjdk-17-jdk-headless
fi
if ! command -v mvn >/dev/null 2>&1; then
    apt_install maven
fi
