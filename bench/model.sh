# model.sh — shell functions on the CPLEX LP models `nastavnik match
# --write-model` writes, for the benchmarks that hand them to glpsol or
# cbc (sourced by run-e2e.sh and run-schools.sh).

# The LP value of a list of chosen columns (one name per line): prints
# "chosen value" with the objective coefficients of MODEL.
lp_value() {
	awk '
		FNR == NR {
			if ($0 ~ /^Maximize|^Minimize/) { on = 1; next }
			if ($0 ~ /^Subject To/) { on = 0; nextfile }
			if (on) for (i = 1; i <= NF; i++) if ($i ~ /^[xy]_/) {
				c = $(i - 1)
				if (c == "+") c = 1; else if (c == "-") c = -1
				else if ($(i - 2) == "-") c = -c
				coef[$i] = c
			}
			next
		}
		$1 ~ /^x_/ { n++; v += coef[$1] }
		END { printf "%d %.0f\n", n, v }
	' "$1" "$2"
}

# nastavnik's pairs as model columns x_<mentor>_<mentee>, the indices
# counting the consenting mentors and mentees in file order (what match
# gives the solver). usage: pairs_columns PARTICIPANTS PAIRS
pairs_columns() {
	awk -F, '
		FNR == NR {
			if (FNR == 1) next
			if (!($10 == "1" || $10 == "yes" || $10 == "да")) next
			if ($2 == "mentor") mi[$1] = nm++; else ei[$1] = ne++
			next
		}
		FNR > 1 { print "x_" mi[$2] "_" ei[$3] }
	' "$1" "$2"
}

# The chosen columns of a cbc solution file (none when cbc stopped without
# an integer solution: the file then holds an LP point).
cbc_columns() {
	awk 'NR == 1 && /no integer solution/ { exit }
	     NR > 1 { if ($1 == "**") { $1 = ""; $0 = $0 }
	              if ($2 ~ /^[xy]_/ && $3 + 0 > 0.5) print $2 }' "$1"
}
