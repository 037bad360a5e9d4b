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
#
# NV_SCHOOL_CBC=SECONDS (objectives coverage and score, cbc on PATH):
# each school whose answer is not proven is checked by an outside solver.
# Its model (`match --write-model`) goes to cbc, one thread, for at most
# SECONDS; the row gets cbc's status, pairs and total, and whether cbc's
# answer is worth the same as match's in the model's objective ("same"),
# more ("BETTER": match missed the optimum) or less (cbc stopped early).
#
# NV_SCHOOL_SHAPES=FILE: the schools are made by bench/gen_shapes.py
# (python3) instead, line N of FILE its arguments for "seed" N (so
# NV_SCHOOL_SEEDS="1 16" with bench/shapes.txt runs its sixteen lines): shapes
# the generator does not make, two-form teachers and employers with
# capacities up to 8 among them, where the search can end unproven.
set -u
builddir=${1:?usage: run-schools.sh BUILDDIR SHARED NUMRUNS [--large]}
set -- ${NV_SCHOOL_SEEDS:-1 20}
from=$1
to=$2
obj=${NV_SCHOOL_OBJECTIVE:-coverage}
bin=$builddir/nastavnik
old=${NV_OLD_BIN:-}
cbc_limit=${NV_SCHOOL_CBC:-}
shapes=${NV_SCHOOL_SHAPES:-}
work=$builddir/bench-schools
mkdir -p "$work" bench/results
. bench/model.sh
if [ -n "$cbc_limit" ] && { [ "$obj" = maximin ] || ! command -v cbc >/dev/null 2>&1; }; then
	echo "run-schools.sh: NV_SCHOOL_CBC needs cbc on PATH and objective coverage or score" >&2
	cbc_limit=
fi

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

# "status pairs total same|BETTER|worse seconds" of cbc on the model of the
# school CSV, match's answer there in OUT. usage: cbc_check CSV OUT
cbc_check() {
	model=$work/model.lp
	rm -f "$work/cbc.sol"
	"$bin" match "$1" -o "$2" -q --objective "$obj" --write-model "$model" 2>/dev/null
	t0=$(now)
	cbc "$model" sec "$cbc_limit" threads 1 solve solu "$work/cbc.sol" >"$work/cbc.log" 2>&1
	t1=$(now)
	st=$(head -n 1 "$work/cbc.sol" 2>/dev/null | sed 's/ - .*//' | tr ' ' '_')
	cbc_columns "$work/cbc.sol" >"$work/cbc.cols" 2>/dev/null
	pairs_columns "$1" "$2/pairs.csv" >"$work/nv.cols"
	total=$(awk '/"total_score":/ { sub(/.*: */, ""); sub(/,.*/, ""); print; exit }' "$2/summary.json")
	# the model's value of a pair is its score in millionths, plus one
	# offset per pair under coverage: match's answer gives the offset
	awk -v st="${st:-none}" -v t="$total" -v c="$(lp_value "$model" "$work/cbc.cols")" \
		-v n="$(lp_value "$model" "$work/nv.cols")" -v t0="$t0" -v t1="$t1" 'BEGIN {
		split(c, cv, " "); split(n, nv, " ")
		off = nv[1] ? (nv[2] - t * 1e6) / nv[1] : 0
		a = cv[2] == nv[2] ? "same" : (cv[2] > nv[2] ? "BETTER" : "worse")
		printf "%s %d %.6f %s %.1f\n", st, cv[1], (cv[2] - cv[1] * off) / 1e6, a, t1 - t0
	}'
	rm -f "$model"
}

printf '%-5s %6s %12s %7s %10s %8s' seed pairs total proven gap wall
[ -n "$old" ] && printf '   %6s %12s %7s %10s %8s' pairs total proven gap wall
printf '\n'
json=$work/rows
: >"$json"
for s in $(seq "$from" "$to"); do
	csv=$work/school$s.csv
	if [ -n "$shapes" ]; then
		args=$(sed -n "${s}p" "$shapes")
		[ -n "$args" ] || continue
		python3 bench/gen_shapes.py $args -o "$csv" || exit 2
	else
		"$bin" generate --scale school --seed "$s" -o "$csv" || exit 2
	fi
	set -- $(one "$bin" "$csv" "$work/new$s")
	printf '%-5s %6s %12s %7s %10s %8s' "$s" "$1" "$2" "$3" "$4" "$5"
	row="{\"seed\": $s, \"pairs\": $1, \"total\": $2, \"proven\": $3, \"gap\": $4, \"wall_s\": $5"
	proven=$3
	if [ -n "$old" ]; then
		n="$1 $2 $3"
		set -- $(one "$old" "$csv" "$work/old$s")
		printf '   %6s %12s %7s %10s %8s' "$1" "$2" "$3" "$4" "$5"
		[ "$n" != "$1 $2 $3" ] && printf '  differs'
		row="$row, \"old\": {\"pairs\": $1, \"total\": $2, \"proven\": $3, \"gap\": $4, \"wall_s\": $5}"
	fi
	if [ -n "$cbc_limit" ] && [ "$proven" = false ]; then
		set -- $(cbc_check "$csv" "$work/model$s")
		printf '   cbc %s %s %s %s %s s' "$1" "$2" "$3" "$4" "$5"
		row="$row, \"cbc\": {\"status\": \"$1\", \"pairs\": $2, \"total\": $3, \"answer\": \"$4\", \"seconds\": $5, \"limit_s\": $cbc_limit}"
	fi
	printf '\n'
	echo "$row}" >>"$json"
done
{
	printf '{\n  "bench": "schools",\n  "objective": "%s",\n  "shapes": "%s",\n  "machine": "%s",\n  "runs": [\n' \
		"$obj" "$shapes" "$(uname -m) $(nproc) cpus"
	awk '{ printf "%s    %s", (NR > 1 ? ",\n" : ""), $0 } END { printf "\n" }' "$json"
	printf '  ]\n}\n'
} >bench/results/schools.json
