#!/bin/sh
# make demo: proposes pairs for the bundled sample district, prints where the
# outputs are and a few summary lines, then explains one proposal.
# With NV_VALGRIND=1 every step runs under valgrind (make leakcheck).
set -eu
bin=$1
sample=${NV_DEMO_SAMPLE:-data/samples/district.csv}
out=$(dirname "$bin")/demo
run=""
if [ "${NV_VALGRIND:-}" = 1 ]; then
	run="valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite -q"
	OPENBLAS_NUM_THREADS=1
	export OPENBLAS_NUM_THREADS
fi
$run "$bin" check "$sample"
$run "$bin" match "$sample" -o "$out" --lang "${NV_DEMO_LANG:-en}" --xlsx

# a few lines of summary.json (flat "key": value lines)
val() { sed -n "s/^ *\"$1\": \\([^,]*\\),\\{0,1\\}\$/\\1/p" "$out/summary.json" | head -n 1 | tr -d '"'; }
echo
echo "outputs in $out/:"
echo "  pairs.csv      $(($(wc -l <"$out/pairs.csv") - 1)) proposed pairs"
echo "  unmatched.csv  $(($(wc -l <"$out/unmatched.csv") - 1)) people without a pair, with the reason"
echo "  summary.json   counts, coverage per form, objective, proof, timings"
echo "  report.html    the same for a person, with charts (open it in a browser)"
echo "  pairs.xlsx     the pairs, the people without one and the reporting form, for Excel (--xlsx)"
echo
echo "participants: $(val rows) rows, $(val mentors) mentors, $(val mentees) mentees ($(val no_consent) without consent)"
echo "matched: $(val matched_mentees) mentees in $(val groups) groups; unmatched mentees: $(val unmatched_mentees)"
echo "objective: $(val name), total score $(val total_score); solver $(val used), proven $(val proven)"
echo "seconds: score $(val score), solve $(val solve)"

mentee=$(sed -n '2s/^[^,]*,[^,]*,\([^,]*\),.*/\1/p' "$out/pairs.csv")
if [ -n "$mentee" ]; then
	echo
	echo "\$ nastavnik explain $out $mentee"
	$run "$bin" explain "$out" "$mentee" --lang "${NV_DEMO_LANG:-en}"
fi
