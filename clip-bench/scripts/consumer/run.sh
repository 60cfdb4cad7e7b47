#!/usr/bin/env bash
# The consumer check of issue 15: install a fresh clipj snapshot into an EMPTY private local repository, build this
# tiny project (clip-core as its only clipj dependency) against it, and report what it resolves and how it starts.
#
#   clip-bench/scripts/consumer/run.sh [MODEL_DIR [IMAGE]]        (from anywhere; defaults: ../shared golden tiny)
#
# Environment: CONSUMER_M2 (default /tmp/consumer-m2; deleted first), MVN_ARGS (extra arguments for both builds,
# e.g. -Dclipj.platform=linux-x86_64 to choose the native library; see README "Platforms"), CONSUMER_M2_TAIL (a
# read-only repository to take downloads from, e.g. ~/.m2/repository: faster, but then not an empty-repository check).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
shared="$(cd "$root/../shared" && pwd)"
model="${1:-$shared/golden/tiny}"
image="${2:-$shared/images/astronaut.png}"
repo="${CONSUMER_M2:-/tmp/consumer-m2}"
args=(-B -q -Dmaven.repo.local="$repo" ${CONSUMER_M2_TAIL:+-Dmaven.repo.local.tail=$CONSUMER_M2_TAIL} ${MVN_ARGS:-})

rm -rf "$repo" && mkdir -p "$repo"
echo "== installing clipj ${root} into the empty repository $repo"
(cd "$root" && ./mvnw "${args[@]}" install -DskipTests -pl clip-core -am)

echo "== building the consumer"
cd "$here"
"$root/mvnw" "${args[@]}" -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="$(cat target/classpath.txt)"

echo "== what the consumer resolves"
tr ':' '\n' < target/classpath.txt | sed -e "s|^$repo/||" -e "s|^${CONSUMER_M2_TAIL:-//}/||" | sort
jars=$(tr ':' '\n' < target/classpath.txt | grep -c '\.jar$')
bytes=$(tr ':' '\n' < target/classpath.txt | xargs du -cb | tail -1 | cut -f1)
natives=$(tr ":" "\n" < target/classpath.txt | grep -c "/nd4j-native/[^/]*/nd4j-native-[^/]*-\(linux\|macosx\|windows\|android\)[^/]*\.jar$" || true)
echo "dependencies: $jars jars, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB; nd4j-native platform jars: $natives"
echo "clip-core artifacts installed:"
ls "$repo/io/clipj/clip-core/0.1.0-SNAPSHOT/" | grep '\.jar$'

echo "== starting it (model $model, image $image)"
/usr/bin/time -f 'wall %e s, max RSS %M KB' -o target/time.txt \
    java -cp "target/classes:$cp" consumer.Main "$model" "$image" > target/stdout.txt 2> target/stderr.txt || {
    cat target/stdout.txt target/stderr.txt; echo "FAILED: the consumer did not run"; exit 1; }
cat target/stdout.txt
echo "-- stderr ($(wc -l < target/stderr.txt) lines):"
cat target/stderr.txt
cat target/time.txt
warnings=$(cat target/stderr.txt target/stdout.txt | grep -c 'Warning: Loader' || true)
echo "'Warning: Loader' lines: $warnings"
status=0
[ "$warnings" -eq 0 ] || { echo "FAILED: Loader warnings"; status=1; }
[ "$natives" -eq 1 ] || { echo "FAILED: expected exactly one nd4j-native platform jar, got $natives"; status=1; }
for kind in sources javadoc; do
  ls "$repo/io/clipj/clip-core/0.1.0-SNAPSHOT/"*-"$kind".jar > /dev/null 2>&1 || { echo "FAILED: no clip-core -$kind.jar"; status=1; }
done
[ $status -eq 0 ] && echo "consumer check: OK"
exit $status
