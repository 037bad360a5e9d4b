#!/bin/sh
# run-schools.sh — nastavnik match on generated schools, seed by seed: the
# answer (pairs, total score, proven, gap) and the wall time of each, for
# a change to the one-form search or GLPK's budgets. With NV_OLD_BIN set,
# the same schools with that binary too, right after the new one on each
# seed, and a mark on each seed whose answer differs.
#
# usage: bench/run-schools.sh BUILDDIR SHARED NUMRUNS [--large]
# Seeds of `nastavnik generate --scale school`: NV_SCHOOL_SEEDS="FROM TO"
# (default "1 20"); objective NV_SCHOOL_OBJECTIVE (default coverage);
# default config otherwise. One run each (NUMRUNS is not used: the answers
# are the point, and they do not vary). Prints a table, writes
# bench/results/schools.json.
set -u
builddir=${1:?usage: run-schools.sh BUILDDIR SHARED NUMRUNS [--large]}
set -- ${NV_SCHOOL_SEEDS:-1 20}
from=$1
to=$2
obj=${NV_SCHOOL_OBJECTIVE:-coverage}
bin=$builddir/nastavnik
old=${NV_OLD_BIN:-}
work=$builddir/bench-schools
mkdir -p "$work" bench/results

now() { date +%s.%N; }
# "pairs total proven gap wall" of one run: BIN CSV OUT
one() {
	t0=$(now)
	"$1" match "$2" -o "$3" -q --objective "$obj" 2>/dev/null
	t1=$(now)
	awk -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" '
		/"total_score":/ && !t { t = $2; sub(/,/, "", t) }
		/"proven":/ && !p { p = $2; sub(/,/, "", p) }
		/"gap":/ && !g { g = $2; sub(/,/, "", g) }
		/"pairs":/ && !n { n = $2; sub(/,/, "", n) }
		END { printf "%s %s %s %s %s\n", n ? n : "-", t ? t : "-", p ? p : "-", g ? g : "-", w }
	' "$3/summary.json" 2>/dev/null || echo "- - - - -"
}

printf '%-5s %6s %12s %7s %10s %8s' seed pairs total proven gap wall
[ -n "$old" ] && printf '   %6s %12s %7s %10s %8s' pairs total proven gap wall
printf '\n'
json=$work/rows
: >"$json"
for s in $(seq "$from" "$to"); do
	csv=$work/school$s.csv
	"$bin" generate --scale school --seed "$s" -o "$csv" || exit 2
	set -- $(one "$bin" "$csv" "$work/new$s")
	printf '%-5s %6s %12s %7s %10s %8s' "$s" "$1" "$2" "$3" "$4" "$5"
	row="{\"seed\": $s, \"pairs\": $1, \"total\": $2, \"proven\": $3, \"gap\": $4, \"wall_s\": $5"
	if [ -n "$old" ]; then
		n="$1 $2 $3"
		set -- $(one "$old" "$csv" "$work/old$s")
		printf '   %6s %12s %7s %10s %8s' "$1" "$2" "$3" "$4" "$5"
		[ "$n" != "$1 $2 $3" ] && printf '  differs'
		row="$row, \"old\": {\"pairs\": $1, \"total\": $2, \"proven\": $3, \"gap\": $4, \"wall_s\": $5}"
	fi
	printf '\n'
	echo "$row}" >>"$json"
done
{
	printf '{\n  "bench": "schools",\n  "objective": "%s",\n  "machine": "%s",\n  "runs": [\n' \
		"$obj" "$(uname -m) $(nproc) cpus"
	awk '{ printf "%s    %s", (NR > 1 ? ",\n" : ""), $0 } END { printf "\n" }' "$json"
	printf '  ]\n}\n'
} >bench/results/schools.json
