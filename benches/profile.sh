#!/usr/bin/env bash
# Where the time goes, per pipeline stage, in instructions: builds
# examples/profile_stages.rs (release, with debug symbols), runs it under
# callgrind and prints
#   1. each stage's inclusive instruction count and share of the pipeline,
#   2. the functions with the highest self cost.
#
# Instruction counts rather than time because they repeat to within a
# fraction of a percent from run to run, even on a busy shared machine, so
# two commits can be compared without statistics. (`perf` hardware counters
# are not available on our machines; callgrind needs none.)
#
# Usage: benches/profile.sh [TOP_N]        (TOP_N self-cost functions, default 15)
# Corpus: STANCELENS_BENCH_CORPUS and STANCELENS_BENCH_DOCS as for
# benches/stages.rs (default: 100 evenly spaced PolNeAR train texts from
# ../shared, else a generated corpus). Needs valgrind (callgrind_annotate).
set -euo pipefail

cd "$(dirname "$0")/.."
TOP="${1:-15}"
command -v valgrind >/dev/null || { echo "profile.sh: valgrind not found" >&2; exit 2; }

# Debug symbols give callgrind function names and files; the release
# profile is otherwise unchanged (fat LTO, one codegen unit), so this
# profiles what users run.
export CARGO_PROFILE_RELEASE_DEBUG=true
BIN="$(cargo build --release --example profile_stages --message-format=json-render-diagnostics \
    | grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)"
[ -x "$BIN" ] || { echo "profile.sh: no profile_stages binary built" >&2; exit 1; }

OUTDIR="$(dirname "$BIN")/profile"
mkdir -p "$OUTDIR"
OUT="$OUTDIR/callgrind.out"
rm -f "$OUT"
valgrind --tool=callgrind --callgrind-out-file="$OUT" "$BIN" >"$OUTDIR/stdout.txt" 2>"$OUTDIR/valgrind.log" \
    || { cat "$OUTDIR/valgrind.log" >&2; exit 1; }
cat "$OUTDIR/stdout.txt"
BYTES="$(grep -o '[0-9]* bytes' "$OUTDIR/stdout.txt" | head -n 1 | cut -d' ' -f1)"

# --threshold=100: list every function, not only those making up 99% of the
# total, so the cheap stages are there too; --auto=no: no source listings.
callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$OUT" >"$OUTDIR/inclusive.txt"
callgrind_annotate --threshold=100 --auto=no "$OUT" >"$OUTDIR/self.txt"

echo
echo "Inclusive instructions per stage (callgrind Ir; share of the sum of the stages):"
# The stage functions' lines: "1,234 (12.34%)  file:profile_stages::stage_x [obj]".
# callgrind_annotate lists a function once per source file its (inlined)
# code comes from; the entry under the function's own file carries its whole
# inclusive cost (the same as the call's cost in main), the others are
# parts of it, so only that entry is read.
awk -v bytes="$BYTES" '
    /profile_stages\.rs:profile_stages::stage_/ {
        ir = $1; gsub(",", "", ir)
        match($0, /profile_stages::stage_[a-z_]+/)
        name = substr($0, RSTART + 22, RLENGTH - 22)
        cost[name] = ir
    }
    END {
        n = split("segment_paragraphs segment_sentences tokenize quotes attribution resolve score_statements score_sentences", order, " ")
        for (i = 1; i <= n; i++) sum += cost[order[i]]
        printf "%-20s %16s %8s %10s\n", "stage", "instructions", "share", "Ir/byte"
        for (i = 1; i <= n; i++) {
            s = order[i]
            printf "%-20s %16d %7.1f%% %10.0f\n", s, cost[s], 100 * cost[s] / sum, cost[s] / bytes
        }
        printf "%-20s %16d %7.1f%% %10.0f\n", "sum of stages", sum, 100, sum / bytes
        printf "%-20s %16d %7.1f%% %10.0f   (Analyzer::analyze, all stages in one call: a check)\n", "analyze", cost["analyze"], 100 * cost["analyze"] / sum, cost["analyze"] / bytes
        printf "%-20s %16d %7s %10s   (Analyzer::default + first call, once)\n", "setup", cost["setup"], "", ""
    }' "$OUTDIR/inclusive.txt"

echo
echo "Top $TOP functions by self cost (whole run: the stages, then analyze again;"
echo "inlined code counts in the function it was inlined into):"
# Self costs, unlike inclusive ones, are disjoint between a function's
# per-file entries (each instruction is charged once), so add them up.
awk '
    /PROGRAM TOTALS/ { total = $1; gsub(",", "", total); next }
    /^ *[0-9,]+ \( *[0-9.]+%\)  / {
        ir = $1; gsub(",", "", ir)
        line = $0
        sub(/^ *[0-9,]+ \( *[0-9.]+%\)  /, "", line)
        sub(/ \[[^]]*\]$/, "", line)
        sub(/^[^:]*:/, "", line)
        self[line] += ir
    }
    END {
        for (f in self) printf "%d\t%.1f%%\t%s\n", self[f], 100 * self[f] / total, f
    }' "$OUTDIR/self.txt" | sort -t "$(printf '\t')" -k1,1nr | head -n "$TOP" \
    | awk -F '\t' '{ f = $3; if (length(f) > 110) f = substr(f, 1, 107) "..."; printf "%14d %6s  %s\n", $1, $2, f }'

echo
echo "callgrind output: $OUT (callgrind_annotate or kcachegrind for more)"
