#!/bin/sh
# The loader benchmark: parse-and-validate of a generated participants file
# of every column kind (1,000,000 rows; 3,000,000 with --large), against
# reading the bytes and libcsv alone. Prints the table, writes
# bench/results/load.json. Usage: run-load.sh BUILDDIR SHARED NUMRUNS [--large]
# NV_LOAD_WIDE=W: W unknown columns more in the header, every row short of
# it (100,000 rows; bench/results/load-wide.json).
set -eu
builddir=$1
numruns=${3:-5}
rows=1000000
[ "${4:-}" = "--large" ] && rows=3000000
mkdir -p bench/results
if [ -n "${NV_LOAD_WIDE:-}" ]; then
	"$builddir/bench/bench_load" --rows 100000 --runs "$numruns" --wide "$NV_LOAD_WIDE" \
		--json bench/results/load-wide.json
	exit 0
fi
"$builddir/bench/bench_load" --rows "$rows" --runs "$numruns" --json bench/results/load.json
