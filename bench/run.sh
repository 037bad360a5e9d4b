#!/bin/sh
# run.sh — the benchmark suite `make bench` runs: every bench/run-*.sh in
# name order, each with the same arguments; each prints its tables and
# writes bench/results/<name>.json. A missing or failing part is reported
# and the others still run; the exit status says whether all passed.
#
# usage: bench/run.sh BUILDDIR SHARED NUMRUNS [--large]
set -u
builddir=${1:?usage: run.sh BUILDDIR SHARED NUMRUNS [--large]}
shared=${2:-../shared}
runs=${3:-5}
large=${4:-}
mkdir -p bench/results
printf "nastavnik benchmarks — %s\n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf "machine: %s cores, %s, %s\n" "$(nproc)" \
	"$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)" \
	"$(awk '/^MemTotal/ { printf "%.1f GB memory", $2 / 1048576 }' /proc/meminfo)"
printf "build: %s, runs per measurement: %s%s\n" "$builddir" "$runs" "${large:+, $large}"
failed=""
for part in bench/run-*.sh; do
	[ -f "$part" ] || continue
	name=$(basename "$part" .sh)
	name=${name#run-}
	printf "\n######## %s ########\n" "$name"
	t0=$(date +%s)
	if sh "$part" "$builddir" "$shared" "$runs" $large; then
		printf "(%s: %s s)\n" "$name" $(($(date +%s) - t0))
	else
		printf "(%s: FAILED after %s s)\n" "$name" $(($(date +%s) - t0))
		failed="$failed $name"
	fi
done
if [ -n "$failed" ]; then
	printf "\nfailed:%s\n" "$failed"
	exit 1
fi
printf "\nall benchmarks done; results in bench/results/\n"
