#!/bin/sh
# Runs every test binary in BUILDDIR/tests from the top folder and sums the
# cmocka counts into one closing line. Usage: run-tests.sh BUILDDIR SHARED
set -u
builddir=$1
shared=${2:-../shared}
NV_BIN="$builddir/nastavnik"
NV_SHARED="$shared"
export NV_BIN NV_SHARED
passed=0
failed=0
bad=""
log=$(mktemp)
for src in tests/test_*.c; do
	t="$builddir/tests/$(basename "$src" .c)"
	if [ ! -x "$t" ]; then
		echo "missing test program: $t"
		failed=$((failed + 1))
		bad="$bad $(basename "$t")"
		continue
	fi
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		bad="$bad $(basename "$t")"
		[ "$f" -eq 0 ] && failed=$((failed + 1))
	fi
done
rm -f "$log"
echo
[ -n "$bad" ] && echo "failing test programs:$bad"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
