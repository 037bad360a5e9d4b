#!/bin/sh
# The scoring benchmark (bench_score.c): the kernel's effective GFLOP/s on
# one dense block pair against a plain square cblas_dgemm in the same
# process and against a dgemm of the kernel's own shape (mentees x mentors
# x feature width), with top-10 and threshold selection on 1024 x 4096,
# top-10 on square blocks of 256, 512 and 4096 and top-50 on 4096, then pairs scored
# per second and memory with --top 50 on generated district (20,000 people)
# and city (200,000) inputs; --large adds region (1,000,000). Medians of NUMRUNS.
# Prints a table, writes bench/results/score.json.
# Usage: run-score.sh BUILDDIR SHARED NUMRUNS [--large]
set -eu
builddir=$1
numruns=${3:-5}
large=${4:-}
bin="$builddir/bench/bench_score"
mkdir -p bench/results
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$bin" kernel 1024 4096 "$numruns" 10 0 >>"$out"
"$bin" kernel 1024 4096 "$numruns" 0 0.9 >>"$out"
"$bin" kernel 256 256 "$numruns" 10 0 >>"$out"
"$bin" kernel 512 512 "$numruns" 10 0 >>"$out"
"$bin" kernel 4096 4096 "$numruns" 10 0 >>"$out"
"$bin" kernel 4096 4096 "$numruns" 50 0 >>"$out"
for scale in district city; do
	"$bin" scale "$scale" 50 "$numruns" >>"$out"
done
[ "$large" = "--large" ] && "$bin" scale region 50 1 >>"$out"

# key=value lines -> a table and a JSON list of objects
awk '
function val(k,   i, kv) {
	for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] }
	return "-"
}
/^mentors=/ {
	if (!hk++) printf "%-22s %4s %5s %5s %12s %12s %7s %14s %7s\n", "kernel (mentors x mentees)", "d", "top", "min", "kernel GF/s", "dgemm1024", "ratio", "dgemm same", "ratio"
	printf "%-22s %4s %5s %5s %12s %12s %7s %14s %7s\n", val("mentors") "x" val("mentees"), val("d"), val("top"), val("min_score"), val("kernel_gflops"), val("dgemm1024_gflops"), val("ratio"), val("dgemm_same_gflops"), val("ratio_same")
}
/^scale=/ {
	if (!hs++) printf "\n%-9s %9s %5s %11s %10s %8s %10s %12s %12s\n", "scale", "people", "top", "eligible", "pairs/s", "seconds", "read MB", "before MB", "scoring MB"
	printf "%-9s %9s %5s %11s %10s %8s %10s %12s %12s\n", val("scale"), val("people"), val("top"), val("eligible"), val("pairs_per_s"), val("seconds"), val("peak_reading_mb"), val("rss_before_scoring_mb"), val("peak_scoring_mb")
}' "$out"

{
	printf '{\n  "bench": "score",\n  "numruns": %s,\n  "machine": "%s",\n  "runs": [\n' \
		"$numruns" "$(uname -m) $(nproc) cpus"
	awk '{
		printf "%s    {", (NR > 1 ? ",\n" : "")
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			v = kv[2]
			if (v !~ /^-?[0-9.e+]+$/) v = "\"" v "\""
			printf "%s\"%s\": %s", (i > 1 ? ", " : ""), kv[1], v
		}
		printf "}"
	}
	END { printf "\n" }' "$out"
	printf '  ]\n}\n'
} >bench/results/score.json
