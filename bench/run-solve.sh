#!/bin/sh
# The solver benchmark: random capacitated instances from bench/gen_asg.c
# (300 x 1,000 with 30 pairs per mentee, 5,000 x 20,000 with 50; --large
# adds 50,000 x 200,000 with 30), coverage objective. In the same run:
# `nastavnik solve` (network path; the solve alone, from summary.json),
# LEMON's NetworkSimplex (bench/peer_lemon.cpp, the solve alone), and
# glpsol and cbc on the CPLEX LP that --write-model writes (one run each,
# wall time, limit $NV_LP_LIMIT seconds, default 600; NV_LP_LIMIT=0 skips
# them, and so does an instance above $NV_LP_MAX_PAIRS pairs, default
# 1,000,000: at 6,000,000 pairs neither finishes in the limit). Checks that every solver reaches the same optimum. Medians of
# NUMRUNS. Prints a table, writes bench/results/solve.json.
# Usage: run-solve.sh BUILDDIR SHARED NUMRUNS [--large]
set -eu
builddir=$1
numruns=${3:-5}
large=${4:-}
limit=${NV_LP_LIMIT:-600}
lp_max=${NV_LP_MAX_PAIRS:-1000000}
bin="$builddir/nastavnik"
gen="$builddir/bench/gen_asg"
peer="$builddir/bench/peer_lemon"
work="$builddir/bench/solve-data"
mkdir -p bench/results "$work"
[ -x "$peer" ] || c++ -O2 -std=c++17 -o "$peer" bench/peer_lemon.cpp
[ -x "$gen" ] || { echo "run-solve.sh: build $gen first" >&2; exit 1; }

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }
json_num() { sed -n "s/.*\"$2\": \([0-9.e+-]*\).*/\1/p" "$1" | head -1; }
now() { date +%s.%N; }

sizes="300:1000:30:1 5000:20000:50:2"
[ "$large" = "--large" ] && sizes="$sizes 50000:200000:30:3"
printf '%-22s %9s %8s %16s %10s %10s %7s %10s %10s %s\n' instance pairs matched total_score nastavnik lemon ratio glpsol cbc same_optimum
json="["
for sz in $sizes; do
	IFS=: read -r nm ne per seed <<EOF2
$sz
EOF2
	name="${nm}x${ne}"
	edges="$work/$name.csv"
	cap="$work/${name}_cap.csv"
	[ -s "$edges" ] || "$gen" "$nm" "$ne" "$per" "$seed" "$edges" "$cap"
	pairs=$((ne * per))
	: >"$work/t_nv"
	: >"$work/t_lemon"
	for r in $(seq "$numruns"); do
		"$bin" solve "$edges" --capacity "$cap" -o "$work/out" >/dev/null
		json_num "$work/out/summary.json" solve >>"$work/t_nv"
		"$peer" "$edges" "$cap" >"$work/lemon.txt"
		awk '{print $4}' "$work/lemon.txt" >>"$work/t_lemon"
	done
	matched=$(json_num "$work/out/summary.json" pairs)
	total=$(json_num "$work/out/summary.json" total_score)
	read -r l_matched l_total l_obj l_t <"$work/lemon.txt"
	same=yes
	[ "$matched" = "$l_matched" ] && [ "$total" = "$l_total" ] || same=no
	t_nv=$(median <"$work/t_nv")
	t_lemon=$(median <"$work/t_lemon")
	ratio=$(awk -v a="$t_nv" -v b="$t_lemon" 'BEGIN {printf "%.2f", a / b}')
	t_glp=skipped
	t_cbc=skipped
	if [ "$limit" != 0 ] && [ "$pairs" -le "$lp_max" ]; then
		"$bin" solve "$edges" --capacity "$cap" -o "$work/out" --write-model "$work/model.lp" >/dev/null
		t0=$(now)
		if timeout "$((limit + 60))" glpsol --lp "$work/model.lp" --tmlim "$limit" -w "$work/glp.txt" >/dev/null 2>&1 &&
		   obj=$(awk '$1 == "s" {print $6}' "$work/glp.txt") && [ -n "$obj" ] &&
		   grep -q '^s mip .* o ' "$work/glp.txt"; then
			t_glp=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')
			[ "$obj" = "$l_obj" ] || same=no
		else
			t_glp="> $limit"
		fi
		t0=$(now)
		if timeout "$((limit + 60))" cbc "$work/model.lp" sec "$limit" solve solu "$work/cbc.txt" >/dev/null 2>&1 &&
		   head -1 "$work/cbc.txt" | grep -q '^Optimal'; then
			t_cbc=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')
			obj=$(head -1 "$work/cbc.txt" | awk '{printf "%.0f", $NF}')
			[ "$obj" = "$l_obj" ] || same=no
		else
			t_cbc="> $limit"
		fi
	fi
	printf '%-22s %9s %8s %16s %10s %10s %7s %10s %10s %s\n' "$name" "$pairs" "$matched" "$total" "$t_nv" "$t_lemon" "$ratio" "$t_glp" "$t_cbc" "$same"
	[ "$json" = "[" ] || json="$json,"
	json="$json
  {\"instance\": \"$name\", \"pairs\": $pairs, \"matched\": $matched, \"total_score\": $total, \"nastavnik_s\": $t_nv, \"lemon_s\": $t_lemon, \"ratio_to_lemon\": $ratio, \"glpsol_s\": \"$t_glp\", \"cbc_s\": \"$t_cbc\", \"same_optimum\": \"$same\", \"runs\": $numruns}"
done
# Components on threads: four independent 5,000 x 20,000 instances in one
# file, solved with --threads 1 and 2 (same answer required).
multi="$work/4x5000x20000.csv"
if [ ! -s "$multi" ]; then
	printf 'mentor_id,mentee_id,score\n' >"$multi"
	printf 'mentor_id,capacity\n' >"$work/4x_cap.csv"
	for p in a b c d; do
		"$gen" 5000 20000 50 "$(printf '%d' "'$p")" "$work/part.csv" "$work/part_cap.csv" "$p"
		cat "$work/part.csv" >>"$multi"
		cat "$work/part_cap.csv" >>"$work/4x_cap.csv"
	done
	rm -f "$work/part.csv" "$work/part_cap.csv"
fi
for t in 1 2; do
	: >"$work/t_thr$t"
	for r in $(seq "$numruns"); do
		"$bin" solve "$multi" --capacity "$work/4x_cap.csv" --threads "$t" -o "$work/out$t" >/dev/null
		json_num "$work/out$t/summary.json" solve >>"$work/t_thr$t"
	done
done
cmp -s "$work/out1/pairs.csv" "$work/out2/pairs.csv" && same_t=yes || same_t=no
t1=$(median <"$work/t_thr1")
t2=$(median <"$work/t_thr2")
speedup=$(awk -v a="$t1" -v b="$t2" 'BEGIN {printf "%.2f", a / b}')
echo
printf '%-22s %12s %12s %8s %s\n' "4 components" "1 thread" "2 threads" speedup same_pairs
printf '%-22s %12s %12s %8s %s\n' "4x(5000x20000)" "$t1" "$t2" "$speedup" "$same_t"
json="$json,
  {\"instance\": \"4x5000x20000\", \"components\": 4, \"threads1_s\": $t1, \"threads2_s\": $t2, \"speedup\": $speedup, \"same_pairs\": \"$same_t\", \"runs\": $numruns}"
printf '%s\n]\n' "$json" >bench/results/solve.json
echo "(seconds: medians of $numruns runs of the solve alone for nastavnik and LEMON; glpsol and cbc one run each, wall time on the written LP)"
