#!/usr/bin/env bash
# Runs clip-spark-submit.jar (built with -Pspark-provided: no Spark inside) the way spark-submit does, without a
# Spark distribution: org.apache.spark.deploy.SparkSubmit on a classpath of Spark's own jars (spark-sql and
# spark-core with their dependencies, resolved from Maven Central at the version the parent pom builds against),
# then checks that its outputs are byte for byte those of `java -jar clip-spark.jar` on the same shards.
#   clip-spark/scripts/spark-submit-check.sh [MODEL_DIR] [SHARDS]   (defaults: ../shared's tiny model and shards)
# Needs clip-spark/target/clip-spark.jar and clip-spark-submit.jar:
#   ./mvnw -B -pl clip-spark -am package -DskipTests && ./mvnw -B -pl clip-spark -am package -DskipTests -Pspark-provided
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$root/../shared" && pwd)
model=${1:-$shared/golden/tiny}
shards=${2:-$shared/wds/captions-sample/shards}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

# Spark's jars, as a distribution's jars/ folder holds them: a throwaway project depending on Spark alone
spark_version=$(./mvnw -q -B help:evaluate -Dexpression=spark.version -DforceStdout)
scala_version=$(./mvnw -q -B help:evaluate -Dexpression=scala.binary.version -DforceStdout)
java_options=$(./mvnw -q -B help:evaluate -Dexpression=spark.java.options -DforceStdout)
mkdir -p "$work/spark"
cat > "$work/spark/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>spark-distribution</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_$scala_version</artifactId><version>$spark_version</version></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_$scala_version</artifactId><version>$spark_version</version></dependency>
  </dependencies>
</project>
POM
./mvnw -q -B -f "$work/spark/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/spark.classpath"
echo "Spark $spark_version (Scala $scala_version): $(tr ':' '\n' < "$work/spark.classpath" | wc -l) jars"

# spark-submit --class io.clipj.spark.SparkCli --master local[2] clip-spark-submit.jar embed ...
# (spark-submit's launcher adds the same --add-opens list, Spark's JavaModuleOptions, to the JVM it starts)
# shellcheck disable=SC2086
java $java_options -cp "$(cat "$work/spark.classpath")" org.apache.spark.deploy.SparkSubmit \
    --class io.clipj.spark.SparkCli --master 'local[2]' --driver-memory 2g \
    clip-spark/target/clip-spark-submit.jar \
    embed --model "$model" --input "$shards" --out "$work/submit-out" --min-score 0 | tail -n 1 | sed 's/^/spark-submit: /'

java -jar clip-spark/target/clip-spark.jar \
    embed --master 'local[2]' --model "$model" --input "$shards" --out "$work/jar-out" --min-score 0 \
    | tail -n 1 | sed 's/^/java -jar:     /'

( cd "$work/jar-out" && find . -name '*.npy' | sort ) > "$work/files"
[ -s "$work/files" ] || { echo "no .npy outputs" >&2; exit 1; }
while read -r f; do
    cmp "$work/jar-out/$f" "$work/submit-out/$f"
done < "$work/files"
diff <(cd "$work/jar-out" && find . -type f | sort) <(cd "$work/submit-out" && find . -type f | sort)
echo "same files, .npy outputs byte for byte equal: $(wc -l < "$work/files") files"
