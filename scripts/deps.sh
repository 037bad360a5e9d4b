#!/bin/sh
# Installs the Debian packages nastavnik needs, only those that are missing,
# so it costs nothing on a ready machine. --bench adds the benchmark peers.
set -eu
pkgs="gcc make libc6-dev libglpk-dev libopenblas-dev libcsv-dev libcmocka-dev libinih-dev libxlsxwriter-dev zlib1g-dev"
[ "${1:-}" = "--bench" ] && pkgs="g++ glpk-utils coinor-cbc liblemon-dev valgrind time"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
