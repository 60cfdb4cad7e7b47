#!/bin/bash
# ONNX Runtime and clipj on the same tower, batch and machine, back to back, so that each ratio comes from one run.
# Run from the clipj project root after building both jars (see README.md):
#   bash clip-bench/scripts/onnxruntime/side_by_side.sh MODEL_DIR ONNX_DIR [SECONDS] [tower:batch ...]
# A pair prompts:N compares clipj on the texts of the JSON file $PROMPTS (e.g. the 80,000 ImageNet prompts) at batch N
# with ONNX Runtime's 77-token texts at batch N (issue 14's "8x the 77-token rate"). Repeat pairs for several rounds.
# ORT_JAR / CLIPJ_JAR override the two jars. Each pair holds /tmp/bench.lock (flock) so that other benchmarks on a shared machine do not overlap it.
set -euo pipefail
model=${1:?MODEL_DIR (HF layout, e.g. /tmp/vitb32)}
onnx=${2:?ONNX_DIR (image.onnx, text.onnx from export_onnx.py)}
seconds=${3:-15}
shift $(( $# < 3 ? $# : 3 ))
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(image:1 image:8 image:32 text:1 text:32)
ort_jar=${ORT_JAR:-clip-bench/scripts/onnxruntime/target/ort-bench.jar}
clipj_jar=${CLIPJ_JAR:-clip-bench/target/clip-bench.jar}
for f in "$ort_jar" "$clipj_jar"; do
  [ -f "$f" ] || { echo "side_by_side: $f not found (build it first, see README.md)" >&2; exit 1; }
done
for pair in "${pairs[@]}"; do
  tower=${pair%%:*} batch=${pair##*:} texts=()
  if [ "$tower" = prompts ]; then
    [ -f "${PROMPTS:-}" ] || { echo "side_by_side: prompts:$batch needs PROMPTS=file.json" >&2; exit 1; }
    tower=text texts=(--texts-file "$PROMPTS")
  fi
  flock /tmp/bench.lock bash -c '
    set -euo pipefail
    echo "== $(date -u +%H:%M:%S) $0 batch=$1 ${@:7} load $(cut -d" " -f1-3 /proc/loadavg)"
    ort=$(java -jar "$3" --model "$5" --tower "$0" --batch "$1" --seconds "$2" | tail -1)
    clipj=$(java -jar "$4" bench --model "$6" --tower "$0" --batch "$1" --seconds "$2" "${@:7}" | tail -1)
    echo "$ort"
    echo "clipj $clipj"
    awk -v a="$(echo "$clipj" | awk "{print \$(NF-1)}")" -v b="$(echo "$ort" | awk "{print \$(NF-1)}")" \
        "BEGIN { printf \"clipj / onnxruntime: %.2f\n\", a / b }"
  ' "$tower" "$batch" "$seconds" "$ort_jar" "$clipj_jar" "$onnx" "$model" "${texts[@]}"
done
