#!/bin/sh
# The loader benchmark: parse-and-validate of a generated participants file
# of every column kind (1,000,000 rows; 3,000,000 with --large), against
# reading the bytes and libcsv alone. Prints the table, writes
# bench/results/load.json. Usage: run-load.sh BUILDDIR SHARED NUMRUNS [--large]
set -eu
builddir=$1
numruns=${3:-5}
rows=1000000
[ "${4:-}" = "--large" ] && rows=3000000
mkdir -p bench/results
"$builddir/bench/bench_load" --rows "$rows" --runs "$numruns" --json bench/results/load.json
