#!/bin/sh
# The quota benchmark: `nastavnik match` on a generated district with
# one_form_per_mentor = no and two quotas that bind against the
# unconstrained answer (teacher-student held to 80% of the pairs it takes
# without quotas, employer-college pushed a few pairs above them, within
# what it can reach), so the answer comes from the GLPK path. Compares this
# build with an older binary (NV_OLD_BIN, default: built from NV_OLD_REV,
# the commit before the reduced quota ILP): medians of wall time and peak
# RSS over NUMRUNS (a run over a minute is not repeated), the pair columns
# of the largest ILP (the old model has one per pair of the problem), and
# whether both reach the same objective
# where both finish, on a school (both finish) and a district (the old one
# does not within the limit: its ratio is then a lower bound, marked >).
# Each run gets --time-limit $NV_QUOTA_LIMIT seconds (default 120).
# --large adds a city. --one-form keeps one_form_per_mentor = yes (the
# default config), the hard case: a district's answer is then unproven,
# and the table's last columns say how far from the optimum it may be.
# Prints a table, writes bench/results/quota.json (quota-one-form.json
# with --one-form).
# Usage: run-quota.sh BUILDDIR SHARED NUMRUNS [--large] [--one-form]
set -eu
builddir=$1
numruns=${3:-3}
large=
one_form=no
for arg in "${4:-}" "${5:-}"; do
	case $arg in
	--large) large=--large ;;
	--one-form) one_form=yes ;;
	esac
done
limit=${NV_QUOTA_LIMIT:-120}
bin="$builddir/nastavnik"
work="$builddir/bench/quota-data"
old_rev=${NV_OLD_REV:-a9d64dc^}
mkdir -p bench/results "$work"
[ -x "$bin" ] || { echo "run-quota.sh: build $bin first" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "run-quota.sh: needs /usr/bin/time" >&2; exit 1; }

old=${NV_OLD_BIN:-}
if [ -z "$old" ]; then
	# one build per commit, kept by its hash: another NV_OLD_REV builds
	# its own (git archive needs a clone; else give NV_OLD_BIN)
	hash=$(git rev-parse --verify "$old_rev^{commit}") ||
		{ echo "run-quota.sh: no commit '$old_rev' (a clone is needed; or set NV_OLD_BIN)" >&2; exit 1; }
	old="$work/old-$hash/nastavnik"
	if [ ! -x "$old" ]; then
		rm -rf "$work/old-$hash"
		mkdir -p "$work/old-$hash/src"
		git archive "$hash" | tar -x -C "$work/old-$hash/src"
		make -s -C "$work/old-$hash/src" BUILDDIR=build build/nastavnik >/dev/null
		cp "$work/old-$hash/src/build/nastavnik" "$old"
	fi
	echo "old binary: $old_rev ($hash)" >&2
fi

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
json_num() { sed -n "s/.*\"$2\": \([0-9.e+-]*\).*/\1/p" "$1" | head -1; }
per_form() { sed -n "/\"matched_per_form\"/,/}/s/.*\"$2\": \([0-9]*\).*/\1/p" "$1" | head -1; }

scales="school district"
[ "$large" = "--large" ] && scales="school district city"
printf '%-9s %-4s %5s %9s %12s %10s %10s %11s %9s %8s %-14s %6s %9s %s\n' scale bin exit pairs total_score wall_s peak_MB ilp_columns solver_s old/new same_objective proven gap_pairs gap
json="["
for scale in $scales; do
	dir="$work/$scale"
	[ "$one_form" = yes ] && dir="$work/$scale-one-form"
	mkdir -p "$dir"
	people="$dir/people.csv"
	[ -s "$people" ] || "$bin" generate --scale "$scale" --seed 1 -o "$people"
	# Quotas that bind: from the unconstrained answer and the reachable
	# employer-college pairs (the message of an unreachable minimum).
	printf '[match]\none_form_per_mentor = %s\n' "$one_form" >"$dir/plain.ini"
	"$bin" match "$people" -c "$dir/plain.ini" -o "$dir/plain" -q
	ts=$(per_form "$dir/plain/summary.json" teacher-student)
	ec=$(per_form "$dir/plain/summary.json" employer-college)
	printf '[match]\none_form_per_mentor = %s\n\n[form employer-college]\nmin_pairs = 1000000000\n' "$one_form" >"$dir/probe.ini"
	reach=$("$bin" match "$people" -c "$dir/probe.ini" -o "$dir/probe" -q 2>&1 |
		sed -n 's/.*at most \([0-9]*\) pairs possible.*/\1/p' | head -1) || true
	[ -n "$reach" ] || reach=$((ec + 3))
	tsmax=$((ts * 8 / 10))
	ecmin=$((ec + 3))
	[ "$ecmin" -le "$reach" ] || ecmin=$reach
	printf '[match]\none_form_per_mentor = %s\n\n[form teacher-student]\nmax_pairs = %s\n\n[form employer-college]\nmin_pairs = %s\n' \
		"$one_form" "$tsmax" "$ecmin" >"$dir/quota.ini"
	for which in old new; do
		b=$bin
		[ "$which" = old ] && b=$old
		: >"$dir/t_$which"
		: >"$dir/m_$which"
		: >"$dir/s_$which"
		code=0
		n=0
		for r in $(seq "$numruns"); do
			rm -rf "$dir/out_$which"
			t0=$(date +%s.%N)
			code=0
			/usr/bin/time -f '%M' -o "$dir/rss" "$b" match "$people" -c "$dir/quota.ini" \
				-o "$dir/out_$which" -q --time-limit "$limit" 2>"$dir/err_$which" || code=$?
			t1=$(date +%s.%N)
			awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}' >>"$dir/t_$which"
			awk '{printf "%.1f\n", $1 / 1024}' "$dir/rss" >>"$dir/m_$which"
			[ "$code" -eq 0 ] && json_num "$dir/out_$which/summary.json" solve >>"$dir/s_$which"
			n=$((n + 1))
			# a run over a minute is not repeated (as in run-e2e.sh)
			awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a > 60) }' && break
		done
		eval "runs_$which=$n"
		eval "code_$which=$code"
		if [ "$code" -eq 0 ]; then
			s="$dir/out_$which/summary.json"
			eval "pairs_$which=$(json_num "$s" pairs)"
			eval "total_$which=$(json_num "$s" total_score)"
			cols=$(sed -n 's/.*largest ILP \([0-9]*\) pair columns.*/\1/p' "$s" | head -1)
			[ -n "$cols" ] || cols=$(json_num "$s" edges)
			eval "proven_$which=$(sed -n 's/.*"proven": \([a-z]*\).*/\1/p' "$s" | head -1)"
			eval "gp_$which=$(json_num "$s" gap_pairs)"
			eval "gap_$which=$(sed -n 's/.*"gap": \([0-9.a-z]*\).*/\1/p' "$s" | head -1)"
		else
			eval "proven_$which=- gp_$which=- gap_$which=-"
			eval "pairs_$which=-"
			eval "total_$which=-"
			cols=-
		fi
		eval "cols_$which=$cols"
		eval "wall_$which=$(median <"$dir/t_$which")"
		eval "rss_$which=$(median <"$dir/m_$which")"
		eval "solve_$which=$(median <"$dir/s_$which")"
	done
	ratio=$(awk -v a="$wall_old" -v b="$wall_new" 'BEGIN {printf "%.2f", a / b}')
	[ "$code_old" -eq 0 ] || ratio=">$ratio"
	same=n/a
	if [ "$code_old" -eq 0 ] && [ "$code_new" -eq 0 ]; then
		same=no
		[ "$pairs_old" = "$pairs_new" ] && [ "$total_old" = "$total_new" ] && same=yes
	fi
	for which in old new; do
		eval "c=\$code_$which p=\$pairs_$which t=\$total_$which w=\$wall_$which m=\$rss_$which k=\$cols_$which sv=\$solve_$which"
		eval "pv=\$proven_$which gp=\$gp_$which gap=\$gap_$which nr=\$runs_$which"
		rt=-
		[ "$which" = new ] && rt=$ratio
		printf '%-9s %-4s %5s %9s %12s %10s %10s %11s %9s %8s %-14s %6s %9s %s\n' "$scale" "$which" "$c" "$p" "$t" "$w" "$m" "$k" "$sv" "$rt" "$same" "$pv" "$gp" "$gap"
		[ "$json" = "[" ] || json="$json,"
		json="$json
  {\"scale\": \"$scale\", \"binary\": \"$which\", \"exit\": $c, \"pairs\": \"$p\", \"total_score\": \"$t\", \"wall_s_median\": \"$w\", \"peak_rss_mb_median\": \"$m\", \"ilp_pair_columns\": \"$k\", \"solve_s_median\": \"$sv\", \"wall_ratio_old_over_new\": \"$rt\", \"same_objective\": \"$same\", \"max_pairs_teacher_student\": $tsmax, \"min_pairs_employer_college\": $ecmin, \"one_form_per_mentor\": \"$one_form\", \"proven\": \"$pv\", \"gap_pairs\": \"$gp\", \"gap\": \"$gap\", \"time_limit_s\": $limit, \"runs\": $nr}"
	done
done
json="$json
]"
out=bench/results/quota.json
[ "$one_form" = yes ] && out=bench/results/quota-one-form.json
printf '%s\n' "$json" >"$out"
echo "quota.ini: teacher-student max_pairs = 80% of its unconstrained count; employer-college min_pairs = unconstrained + 3 (at most the reachable); time limit ${limit} s; medians of $numruns runs (one where a run took over a minute; the JSON gives each row's runs)"
