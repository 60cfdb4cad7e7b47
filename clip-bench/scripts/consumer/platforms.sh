#!/usr/bin/env bash
# Resolves the consumer project (clip-core as its only clipj dependency) once per -Dclipj.platform value and lists
# the native jars each gets: every platform ND4J 1.0.0-M2.1 publishes must resolve to exactly one nd4j-native jar
# plus the natives of every other JavaCPP library clip-core declares (JavaCPP, OpenBLAS, oneDNN, OpenCL) for the
# same platform. Run run.sh first (it installs the snapshot).
#
#   clip-bench/scripts/consumer/platforms.sh [PLATFORM...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
repo="${CONSUMER_M2:-/tmp/consumer-m2}"
platforms=("$@")
[ ${#platforms[@]} -gt 0 ] || platforms=(linux-x86_64-avx2 linux-x86_64 linux-x86_64-avx512 linux-arm64 macosx-x86_64 macosx-x86_64-avx2
    macosx-arm64 windows-x86_64 windows-x86_64-avx2)
status=0
for p in "${platforms[@]}"; do
  out="$here/target/classpath-$p.txt"
  if "$root/mvnw" -B -q -Dmaven.repo.local="$repo" ${CONSUMER_M2_TAIL:+-Dmaven.repo.local.tail=$CONSUMER_M2_TAIL} \
      -f "$here/pom.xml" -Dclipj.platform="$p" dependency:build-classpath -Dmdep.outputFile="$out" > "$here/target/platform-$p.log" 2>&1; then
    natives=$(tr ':' '\n' < "$out" | grep -E '(nd4j-native|javacpp|openblas|dnnl|opencl)-[^/]*-(linux|macosx|windows)[^/]*\.jar$' | xargs -n1 basename | tr '\n' ' ')
    count=$(tr ':' '\n' < "$out" | grep -cE '/nd4j-native-[0-9][^/]*-(linux|macosx|windows)[^/]*\.jar$' || true)
    mb=$(tr ':' '\n' < "$out" | xargs du -cb | tail -1 | awk '{printf "%.1f", $1/1e6}')
    echo "$p: $(tr ':' '\n' < "$out" | grep -c '\.jar$') jars, $mb MB; natives: $natives"
    [ "$count" -eq 1 ] || { echo "  FAILED: $count nd4j-native platform jars"; status=1; }
    os="${p%-avx*}"   # the JavaCPP libraries have no CPU-extension builds: linux-x86_64-avx2 takes linux-x86_64's
    for lib in javacpp openblas dnnl opencl; do
      tr ':' '\n' < "$out" | grep -cE "/$lib-[0-9][^/]*-$os\.jar$" > /dev/null || { echo "  FAILED: no $lib natives for $os"; status=1; }
    done
  else
    echo "$p: FAILED to resolve (see $here/target/platform-$p.log)"; status=1
  fi
done
exit $status
