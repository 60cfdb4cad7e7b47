#!/usr/bin/env bash
# Issue 15's server check, in one run: the image tower's rate at batch 32 (`bench`, random pixels), then 16 request
# threads each sending single-image embedImage(Path) calls to one shared Clip (`bench-clients`, decoding included),
# and the ratio. Run under cpu-exclusive; takes about 2.5 minutes.
#
#   clip-bench/scripts/clients_vs_batch.sh MODEL_DIR [CLIENTS [IMAGE...]]
#
# Without IMAGEs, every decodable image of ../shared/images is sent (PNG, JPEG, WebP).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/clip-bench/target/clip-bench.jar"
model="$1"
clients="${2:-16}"
images=("${@:3}")
if [ ${#images[@]} -eq 0 ]; then
  for f in "$root"/../shared/images/*; do
    case "$(basename "$f")" in truncated.jpg) ;; *) images+=("$f") ;; esac   # every decodable shared image
  done
fi
lscpu | grep 'Model name'
batch=$(java -jar "$jar" bench --model "$model" --tower image --batch 32 --seconds 20 2>/dev/null | tail -1)
echo "$batch"
served=$(java -jar "$jar" bench-clients --model "$model" --clients "$clients" --warmup 15 --seconds 30 "${images[@]}" 2>/dev/null | tail -1)
echo "$served"
awk -v a="$(echo "$served" | sed 's/.*: \([0-9.]*\) img\/s.*/\1/')" -v b="$(echo "$batch" | sed 's/.*: \([0-9.]*\) img\/s.*/\1/')" \
    'BEGIN { printf "clients / batch 32: %.2f\n", a / b }'
