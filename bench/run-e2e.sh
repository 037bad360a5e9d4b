#!/bin/sh
# run-e2e.sh — nastavnik end to end, per scale, on generated districts.
#
# usage: bench/run-e2e.sh BUILDDIR SHARED NUMRUNS [--large]
#
# For each scale (school, district, city; region with --large): generate a
# participants file (seeded), run `nastavnik match` NUMRUNS times and take
# medians of the wall time, the peak resident memory and the stage timings
# summary.json reports (load, features, score, solve, reasons, write).
# At school and district scale, in the same run and on the same instance:
#   - glpsol and cbc on the model match exports (--write-model: the model of
#     match's last solve round, the one whose optimum match proves for the
#     whole eligible set), each under a time limit;
#   - bench/greedy.c, best pair first on every eligible pair (`nastavnik
#     score`), for the quality of a plain answer.
# Prints the tables and writes bench/results/e2e.json.
#
# Knobs (environment): NV_E2E_SCALES (scale list), NV_E2E_SEED (default 1),
# NV_PEER_LIMIT (seconds per peer run, default 600), NV_MATCH_LIMIT
# (seconds per match run, default 900), NV_PEER_SCALES (default "school
# district"), NV_E2E_CONFIGS (default "default network"; "maximin" adds the
# default rules under objective maximin, "glpk" the default rules solved by
# GLPK's model, --solver glpk). A measurement that takes over a
# minute is not repeated.
set -u
builddir=${1:?usage: run-e2e.sh BUILDDIR SHARED NUMRUNS [--large]}
shared=${2:-../shared}
runs=${3:-5}
large=${4:-}
bin=$builddir/nastavnik
greedy=$builddir/bench/greedy
work=$builddir/bench-e2e
json=bench/results/e2e.json
seed=${NV_E2E_SEED:-1}
limit=${NV_PEER_LIMIT:-600}
match_limit=${NV_MATCH_LIMIT:-900}
scales=${NV_E2E_SCALES:-"school district city"}
[ "$large" = "--large" ] && [ -z "${NV_E2E_SCALES:-}" ] && scales="$scales region"
peer_scales=${NV_PEER_SCALES:-"school district"}
variants=${NV_E2E_CONFIGS:-"default network"}
. bench/model.sh
mkdir -p "$work" bench/results
# "network": the same instance with one_form_per_mentor = no, the pure
# assignment network (no side constraint) — the engine's fast path alone.
printf '[match]\none_form_per_mentor = no\n' >"$work/network.ini"
# "maximin": the default rules with objective maximin (NV_E2E_CONFIGS).
printf '[match]\nobjective = maximin\n' >"$work/maximin.ini"

have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# Peak resident set of a command, KB, in $work/rss; wall seconds in $work/wall.
timed() {
	t0=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/rss" "$@"
		rc=$?
	else
		"$@"
		rc=$?
		echo 0 >"$work/rss"
	fi
	t1=$(now)
	elapsed "$t0" "$t1" >"$work/wall"
	return $rc
}

# A number from summary.json: the first "KEY": VALUE after the line that
# opens SECTION.
jget() {
	awk -v sec="\"$2\": {" -v key="\"$3\":" '
		index($0, sec) { on = 1; next }
		on && index($0, key) { sub(/.*": */, ""); sub(/[,}].*/, ""); gsub(/"/, ""); print; exit }
	' "$1"
}

# Median of column COL of a whitespace table.
median() {
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '
		{ v[NR] = $1 }
		END { if (!NR) { print "null"; exit }
		      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      print m }'
}

glpsol_columns() { # glpsol -o output -> chosen column names
	awk '
		/^ *No\. *Column name/ { on = 1; next }
		/^Integer feasibility|^Karush/ { on = 0 }
		on && $2 ~ /^[xy]_/ {
			name = $2
			if (NF == 2) { getline; a = ($1 == "*") ? $2 : $1 }
			else a = ($3 == "*") ? $4 : $3
			if (a + 0 > 0.5) print name
		}
	' "$1"
}

# One peer row of the table and of the JSON. usage: peer_row SCALE CONFIG
# NAME SECONDS STATUS MATCHED LP_VALUE RUNS; needs nv_value, nv_wall, offset.
peer_row() {
	tot=$(awk -v v="$7" -v m="$6" -v o="$offset" 'BEGIN { printf "%.6f", (v - m * o) / 1e6 }')
	same=$([ "$7" = "$nv_value" ] && echo true || echo false)
	ratio=$(awk -v a="$4" -v b="$nv_wall" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
	printf "%-9s %-8s %-9s %10.3f %-22s %8s %14s %6s %9sx\n" "$1" "$2" "$3" "$4" "$5" "$6" "$tot" "$same" "$ratio"
	jpeers="$jpeers${jpeers:+,
}    {\"scale\": \"$1\", \"config\": \"$2\", \"peer\": \"$3\", \"seconds\": $4, \"runs\": $8,
     \"status\": \"$5\", \"matched\": $6, \"lp_value\": $7, \"total_score\": $tot,
     \"same_optimum\": $same, \"time_ratio_vs_match\": $ratio}"
}

# The targets of the issue: prints "ok", "MISSED (...)" or "-" for a scale.
# usage: target SCALE WALL_SECONDS PEAK_MB
target() {
	awk -v s="${1%%.*}" -v w="$2" -v m="$3" 'BEGIN {
		tw = -1; tm = -1
		if (s == "district") { tw = 1; tm = 300 }
		else if (s == "city") tw = 10
		else if (s == "region") { tw = 60; tm = 8192 }
		if (tw < 0) { print "-"; exit }
		why = ""
		if (w > tw) why = why sprintf("wall %.2f s > %d s", w, tw)
		if (tm > 0 && m > tm) why = why (why == "" ? "" : ", ") sprintf("%d MB > %d MB", m, tm)
		print (why == "" ? "ok" : "MISSED (" why ")")
	}'
}

# Where the time goes, for a scale that misses its target: perf on one
# match run (at most NV_PROFILE_LIMIT seconds of it), DWARF call graphs so
# the time inside GLPK and OpenBLAS is charged to our callers. Keeps the
# share per library and the inclusive share per function.
profile() {
	have perf || return 0
	pf=bench/results/e2e-profile-$1.txt
	plim=${NV_PROFILE_LIMIT:-120}
	rm -rf "$work/$1.prof"
	# shellcheck disable=SC2086
	timeout "$plim" perf record -q -F 99 --call-graph dwarf,16384 -o "$work/perf.data" -- \
		"$bin" match "$2" -o "$work/$1.prof" --quiet ${3:-} >/dev/null 2>&1
	[ -s "$work/perf.data" ] || return 0
	{
		echo "perf record -F 99 --call-graph dwarf -- nastavnik match ${1%%.*}.csv ${3:-}"
		echo "(generate --scale ${1%%.*} --seed $seed; config ${1#*.}; the first $plim s at most)"
		echo
		echo "share of samples per library:"
		perf report -i "$work/perf.data" --stdio --no-children --sort dso \
			--percent-limit 0.5 -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | sed 's/  *$//' | head -n 8
		echo
		echo "inclusive share per function (children included):"
		perf report -i "$work/perf.data" --stdio --children --sort symbol \
			--percent-limit 2 -g none 2>/dev/null | grep -v '^#' | grep -v '^$' |
			grep -v ' 0x0000' | grep -v '_start\|__libc_start' | sed 's/  *-  *-  *$//' | head -n 30
	} >"$pf"
	rm -f "$work/perf.data"
	printf "  profile of %s (%s):\n" "$1" "$pf"
	sed -n '4,30p' "$pf" | sed 's/^/    /'
}

host_cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
host_mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
host_cores=$(nproc)

jscales=""
jpeers=""
failed=0

# --- generate: every scale, region included (it is cheap) ---------------
printf "\n== nastavnik generate (seed %s, medians of %s runs) ==\n" "$seed" "$runs"
printf "%-9s %9s %9s %9s %9s\n" scale people MB seconds peak_MB
jgen=""
for scale in tiny school district city region; do
	: >"$work/gen.runs"
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		timed "$bin" generate --scale "$scale" --seed "$seed" -o "$work/gen.csv" \
			--constraints "$work/gen.con.csv" || break
		echo "$(cat "$work/wall") $(cat "$work/rss")" >>"$work/gen.runs"
	done
	[ -s "$work/gen.runs" ] || { failed=1; continue; }
	gp=$(($(wc -l <"$work/gen.csv") - 1))
	gmb=$(awk -v b="$(wc -c <"$work/gen.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
	gs=$(median "$work/gen.runs" 1)
	gk=$(awk -v k="$(median "$work/gen.runs" 2)" 'BEGIN { printf "%.0f", k / 1024 }')
	printf "%-9s %9s %9s %9s %9s\n" "$scale" "$gp" "$gmb" "$gs" "$gk"
	jgen="$jgen${jgen:+,
}    {\"scale\": \"$scale\", \"people\": $gp, \"mb\": $gmb, \"seconds\": $gs, \"peak_rss_mb\": $gk}"
done
rm -f "$work/gen.csv" "$work/gen.con.csv"

printf "\n== end to end: nastavnik match per scale (seed %s, medians of %s runs) ==\n" "$seed" "$runs"
printf "machine: %s cores, %s, %s\n\n" "$host_cores" "$host_cpu" "$host_mem"
printf "%-9s %-8s %9s %11s %9s %8s %8s %8s %8s %8s %8s %8s %8s %7s %s\n" \
	scale config people eligible solver_in load features score solve reasons write wall_s peak_MB matched target
printf '%s\n' "-----------------------------------------------------------------------------------------------------------------------------------"

default_out=""  # set once the default config misses the time limit
for scale in $scales; do
	p=$work/$scale.csv
	timed "$bin" generate --scale "$scale" --seed "$seed" -o "$p" || {
		echo "$scale: generate failed" >&2
		failed=1
		continue
	}
	gen_s=$(cat "$work/wall")
	people=$(($(wc -l <"$p") - 1))
	edges_csv=""
for variant in $variants; do
	k=$scale.$variant
	rm -f "$work/$k.peers"
	cfg=""
	[ "$variant" = network ] && cfg="-c $work/network.ini"
	[ "$variant" = maximin ] && cfg="-c $work/maximin.ini"
	[ "$variant" = glpk ] && cfg="--solver glpk"
	if [ "$variant" = default ] && [ -n "$default_out" ]; then
		printf "%-9s %-8s %9s  not run: %s already took over %s s\n" "$scale" "$variant" "$people" \
			"$default_out" "$match_limit"
		continue
	fi
	: >"$work/$k.runs"
	ok=1
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		rm -rf "$work/$k.out"
		# shellcheck disable=SC2086
		timed timeout "$match_limit" "$bin" match "$p" -o "$work/$k.out" --quiet $cfg
		rc=$?
		if [ $rc -eq 124 ]; then
			printf "%-9s %-8s %9s  match did not finish in %s s: MISSED\n" "$scale" "$variant" "$people" \
				"$match_limit"
			[ "$variant" = default ] && default_out=$scale
			profile "$k" "$p" "$cfg"
			jscales="$jscales${jscales:+,
}    {\"scale\": \"$scale\", \"config\": \"$variant\", \"seed\": $seed, \"people\": $people,
     \"timed_out_after_seconds\": $match_limit, \"target\": \"MISSED\"}"
			ok=0
			break
		elif [ $rc -ne 0 ]; then
			echo "$scale ($variant): match failed (run $i, exit $rc)" >&2
			ok=0
			failed=1
			break
		fi
		s=$work/$k.out/summary.json
		echo "$(cat "$work/wall") $(cat "$work/rss")" \
			"$(jget "$s" timings load) $(jget "$s" timings features)" \
			"$(jget "$s" timings score) $(jget "$s" timings solve)" \
			"$(jget "$s" timings reasons) $(jget "$s" timings write)" >>"$work/$k.runs"
		awk '$1 > 60 { exit 1 }' "$work/wall" || break
	done
	[ $ok -eq 1 ] || continue
	s=$work/$k.out/summary.json
	eligible=$(jget "$s" counts eligible_pairs)
	edges=$(jget "$s" solver edges)
	matched=$(jget "$s" objective matched)
	total=$(jget "$s" objective total_score)
	used=$(jget "$s" solver used)
	proven=$(jget "$s" solver proven)
	gap=$(jget "$s" solver gap)
	gap=${gap:-null}
	bound=$(grep -o '(Lagrangian bound)\|(network bound)' "$s" | head -n 1 | tr -d '()')
	rounds=$(jget "$s" solver rounds)
	wall=$(median "$work/$k.runs" 1)
	rss_kb=$(median "$work/$k.runs" 2)
	peak_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
	load=$(median "$work/$k.runs" 3)
	feat=$(median "$work/$k.runs" 4)
	sco=$(median "$work/$k.runs" 5)
	sol=$(median "$work/$k.runs" 6)
	rea=$(median "$work/$k.runs" 7)
	wri=$(median "$work/$k.runs" 8)
	nrun=$(wc -l <"$work/$k.runs")
	tgt=$(target "$scale" "$wall" "$peak_mb")
	printf "%-9s %-8s %9s %11s %9s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8s %7s %s\n" \
		"$scale" "$variant" "$people" "$eligible" "$edges" "$load" "$feat" "$sco" "$sol" "$rea" "$wri" \
		"$wall" "$peak_mb" "$matched" "$tgt"
	printf "%-18s solver %s, proven %s%s, %s rounds, %s runs; generated in %s s\n" "" "$used" "$proven" \
		"${bound:+ (gap $gap, $bound)}" "$rounds" "$nrun" "$gen_s"
	case $tgt in MISSED*) profile "$k" "$p" "$cfg" ;; esac
	jscales="$jscales${jscales:+,
}    {\"scale\": \"$scale\", \"config\": \"$variant\", \"seed\": $seed, \"people\": $people,
     \"generate_seconds\": $gen_s, \"eligible_pairs\": $eligible, \"solver_edges\": $edges, \"runs\": $nrun,
     \"median\": {\"wall\": $wall, \"peak_rss_mb\": $peak_mb, \"load\": $load, \"features\": $feat,
                \"score\": $sco, \"solve\": $sol, \"reasons\": $rea, \"write\": $wri},
     \"matched\": $matched, \"total_score\": $total, \"solver\": \"$used\", \"proven\": $proven, \"gap\": $gap, \"gap_bound\": \"${bound:-none}\", \"rounds\": $rounds,
     \"target\": \"$tgt\"}"

	case " $peer_scales " in *" $scale "*) ;; *) continue ;; esac

	# --- peers on the same instance ---
	model=$work/$k.lp
	rm -rf "$work/$k.model"
	# shellcheck disable=SC2086
	timeout "$match_limit" "$bin" match "$p" -o "$work/$k.model" --quiet --write-model "$model" $cfg || continue
	pairs_columns "$p" "$work/$k.model/pairs.csv" >"$work/nv.cols"
	set -- $(lp_value "$model" "$work/nv.cols")
	nv_value=$2
	echo "$scale $variant nastavnik $wall match $matched $nv_value $nrun" >"$work/$k.peers"

	if have glpsol; then
		: >"$work/glp.times"
		i=0
		while [ $i -lt "$runs" ]; do
			i=$((i + 1))
			timed glpsol --lp "$model" --tmlim "$limit" -o "$work/$k.glp" >"$work/glp.log" 2>&1
			cat "$work/wall" >>"$work/glp.times"
			# one run when a run takes more than a minute: the limit is long
			awk '$1 > 60 { exit 1 }' "$work/wall" || break
		done
		st=$(sed -n 's/^Status: *//p' "$work/$k.glp" | tr ' ' '_')
		glpsol_columns "$work/$k.glp" >"$work/glp.cols"
		set -- $(lp_value "$model" "$work/glp.cols")
		echo "$scale $variant glpsol $(median "$work/glp.times" 1) ${st:-none} $1 $2 $(wc -l <"$work/glp.times")" >>"$work/$k.peers"
	fi
	if have cbc; then
		: >"$work/cbc.times"
		i=0
		while [ $i -lt "$runs" ]; do
			i=$((i + 1))
			rm -f "$work/$k.cbc"
			timed cbc "$model" sec "$limit" solve solu "$work/$k.cbc" >"$work/cbc.log" 2>&1
			cat "$work/wall" >>"$work/cbc.times"
			awk '$1 > 60 { exit 1 }' "$work/wall" || break
		done
		st=$(head -n 1 "$work/$k.cbc" 2>/dev/null | sed 's/ - .*//' | tr ' ' '_')
		cbc_columns "$work/$k.cbc" >"$work/cbc.cols" 2>/dev/null
		set -- $(lp_value "$model" "$work/cbc.cols")
		echo "$scale $variant cbc $(median "$work/cbc.times" 1) ${st:-none} $1 $2 $(wc -l <"$work/cbc.times")" >>"$work/$k.peers"
	fi
	rm -f "$model" "$work/$k.glp" "$work/$k.cbc"
	if [ -x "$greedy" ]; then
		if [ -z "$edges_csv" ]; then
			edges_csv=$work/$scale.edges.csv
			"$bin" score "$p" -o "$edges_csv" >/dev/null 2>&1
			awk -F, 'NR > 1 && $2 == "mentor" { print $1 "," ($9 == "" ? 1 : $9) }' "$p" >"$work/$scale.cap.csv"
		fi
		gflag=""
		[ "$variant" = network ] && gflag=--many-forms
		: >"$work/greedy.times"
		i=0
		while [ $i -lt "$runs" ]; do
			i=$((i + 1))
			# shellcheck disable=SC2086
			"$greedy" "$edges_csv" "$work/$scale.cap.csv" $gflag >"$work/greedy.out" || break
			sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' "$work/greedy.out" >>"$work/greedy.times"
		done
		gm=$(sed -n 's/.*matched=\([0-9]*\).*/\1/p' "$work/greedy.out")
		gt=$(sed -n 's/.*total=\([0-9.]*\).*/\1/p' "$work/greedy.out")
		echo "$scale $variant greedy $(median "$work/greedy.times" 1) $gm $gt $(wc -l <"$work/greedy.times") $sol" >>"$work/$k.peers"
	fi
done
	[ -n "$edges_csv" ] && rm -f "$edges_csv"
done

printf "\nmedian seconds; eligible = eligible pairs, solver_in = pairs given to the solver (after pruning, proven\n"
printf "for the whole eligible set); peak_MB = peak resident memory of the whole run (/usr/bin/time %%M).\n"

# --- the peer table -------------------------------------------------------
printf "\n== peers on the model match exports (same instance, same run; limit %s s each) ==\n" "$limit"
printf "%-9s %-8s %-9s %10s %-22s %8s %14s %6s %10s\n" scale config solver seconds status matched total_score same x_match
printf '%s\n' "----------------------------------------------------------------------------------------------------------"
gjson=""
for scale in $scales; do
for variant in $variants; do
	f=$work/$scale.$variant.peers
	[ -f "$f" ] || continue
	sj=$work/$scale.$variant.out/summary.json
	# shellcheck disable=SC2034
	while read -r sc va name secs st m v n extra; do
		case $name in
		nastavnik)
			nv_value=$v
			nv_wall=$secs
			offset=$(awk -v v="$v" -v m="$m" -v t="$(jget "$sj" objective total_score)" \
				'BEGIN { printf "%.0f", (v - t * 1e6) / m }')
			printf "%-9s %-8s %-9s %10.3f %-22s %8s %14s %6s %10s\n" "$sc" "$va" nastavnik "$secs" \
				"match (end to end)" "$m" "$(jget "$sj" objective total_score)" - 1.0x
			;;
		greedy)
			# greedy: st = matched, m = total, v = runs, n = match's solve stage
			gap_m=$(awk -v a="$st" -v b="$(jget "$sj" objective matched)" \
				'BEGIN { printf "%.2f", b ? 100 * (b - a) / b : 0 }')
			gap_t=$(awk -v a="$m" -v b="$(jget "$sj" objective total_score)" \
				'BEGIN { printf "%.2f", b ? 100 * (b - a) / b : 0 }')
			printf "%-9s %-8s %-9s %10.4f %-22s %8s %14s %6s %10s\n" "$sc" "$va" greedy "$secs" \
				"gap -$gap_m% matched" "$st" "$m" no "(choice only)"
			gjson="$gjson${gjson:+,
}    {\"scale\": \"$sc\", \"config\": \"$va\", \"seconds_choosing\": $secs, \"runs\": $v, \"matched\": $st,
     \"total_score\": $m, \"match_solve_seconds\": $n, \"gap_matched_percent\": $gap_m,
     \"gap_total_score_percent\": $gap_t}"
			;;
		*)
			peer_row "$sc" "$va" "$name" "$secs" "$st" "$m" "$v" "$n"
			;;
		esac
	done <"$f"
done
done
printf "\nsame = the peer's answer has the LP value of match's answer (the same optimum); x_match = peer\n"
printf "seconds / match end-to-end seconds (match reads, scores and writes too); greedy's gap is the share of\n"
printf "mentees and of total score it loses against the optimum, its seconds the choosing alone.\n"

cat >"$json" <<EOF
{
  "bench": "e2e",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cores": $host_cores, "cpu": "$host_cpu", "memory": "$host_mem"},
  "numruns": $runs,
  "seed": $seed,
  "peer_time_limit_seconds": $limit,
  "command": "bench/run-e2e.sh $builddir $shared $runs${large:+ $large}",
  "generate": [
$jgen
  ],
  "scales": [
$jscales
  ],
  "peers": [
$jpeers
  ],
  "greedy": [
$gjson
  ]
}
EOF
printf "\nwrote %s\n" "$json"
exit $failed
