#!/bin/sh
# make demo: runs nastavnik on the bundled sample district.
set -eu
bin=$1
run=""
[ "${NV_VALGRIND:-}" = 1 ] && run="valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite"
$run "$bin" check data/samples/district.csv
