#!/usr/bin/env bash
# Spark local vs the single-process CLI on the same images and captions (docs/spark.md, "Throughput").
#   clip-spark/scripts/throughput.sh MODEL_DIR DATA_DIR [ROUNDS] [SPARK_MASTER]
# DATA_DIR is made by MakeCaptionShards.java (shards/, imgs/, captions.json). Runs the two commands
# interleaved (CLI, Spark, CLI, Spark, ...), each alone on the machine (cpu-exclusive when present), and prints
# the wall clock of each from JVM start to exit (start-up and model load included) and images per second.
set -euo pipefail
model=$1 data=$2 rounds=${3:-2} master=${4:-local[2]}
root=$(cd "$(dirname "$0")/../.." && pwd)
bench_jar=$root/clip-bench/target/clip-bench.jar
spark_jar=$root/clip-spark/target/clip-spark.jar
exclusive=$(command -v cpu-exclusive || true)
n=$(ls "$data"/imgs | wc -l)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # NAME CMD...: one timed run; the clock starts once the machine is ours (not while cpu-exclusive waits)
    local name=$1; shift
    $exclusive bash -c 'a=$(date +%s.%N); "$@"; rc=$?; b=$(date +%s.%N); printf "\\n%s %s\\n" "$a" "$b" >&2; exit $rc' \
        timed "$@" > "$work/$name.out" 2> "$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
    tail -n 1 "$work/$name.err" | awk -v n="$n" -v name="$name" \
        '{ printf "%-6s %7.1f s  %5.2f images/s\n", name, $2 - $1, n / ($2 - $1) }'
    tail -n 1 "$work/$name.out" | sed 's/^/       /'
}

for r in $(seq "$rounds"); do
    rm -rf "$work/cli-out" "$work/spark-out"
    run cli java -jar "$bench_jar" embed --model "$model" --images "$data"/imgs \
        --texts-file "$data"/captions.json --out "$work/cli-out" --batch-size 32
    run spark java -jar "$spark_jar" embed --master "$master" --model "$model" --input "$data"/shards \
        --out "$work/spark-out" --batch-size 32
done
