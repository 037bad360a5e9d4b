#!/bin/sh
# The OR-Library assignment instances (../shared/data/or-library, all
# twelve) through the network path with --minimize: median solve time of
# NUMRUNS and the objective against the published optimum.
# Prints a table, writes bench/results/orlib.json.
# Usage: run-orlib.sh BUILDDIR SHARED NUMRUNS [--large]
set -eu
builddir=$1
shared=${2:-../shared}
numruns=${3:-5}
mkdir -p bench/results
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$builddir/bench/bench_orlib" "$shared" "$numruns" >"$out" || rc=$?
awk -v runs="$numruns" '
function val(k,   i, kv) {
	for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] }
	return "-"
}
BEGIN { printf "%-12s %6s %9s %10s %10s %10s %s\n", "instance", "n", "edges", "seconds", "objective", "optimum", "ok" }
{ printf "%-12s %6s %9s %10s %10s %10s %s\n", val("name"), val("n"), val("edges"), val("seconds"), val("objective"), val("optimum"), val("ok") }
END { printf "(seconds: median of %s solves, network path, proof included)\n", runs }' "$out"
awk 'function val(k,   i, kv) {
	for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] }
	return "-"
}
BEGIN { printf "[" }
{ printf "%s\n  {\"instance\": \"%s\", \"n\": %s, \"edges\": %s, \"seconds\": %s, \"objective\": %s, \"optimum\": %s, \"ok\": \"%s\"}", (NR > 1 ? "," : ""), val("name"), val("n"), val("edges"), val("seconds"), val("objective"), val("optimum"), val("ok") }
END { printf "\n]\n" }' "$out" >bench/results/orlib.json
exit "$rc"
