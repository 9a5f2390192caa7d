#!/usr/bin/env bash
# Runs the trainer CLI (src/trainer) with Temurin 25: clip-trainer.sh <command> [options]; clip-trainer.sh help.
# Builds src/trainer/target/clip-trainer.jar first when it is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "Temurin 25 not found at $JAVA_HOME (set JAVA_HOME_25)" >&2; exit 1; }
jar="$root/src/trainer/target/clip-trainer.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -pl src/trainer -am package -DskipTests)
fi
exec "$JAVA_HOME/bin/java" ${CLIP_TRAINER_JAVA_OPTS:--Xmx6g} -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
