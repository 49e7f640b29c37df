# shellcheck shell=bash
# What both launchers share — the development ./tickgate and a release's bin/tickgate source this file: find java
# (JAVA_HOME's, else the one on PATH), refuse one older than 17, pick the JVM flags Chronicle Queue and Agrona need
# on it, and run a tickgate command. Plain bash: no awk, sed or dirname, so a release runs with bash and java alone.
#
# The sourcing launcher sets APP_JAR (the app's fat jar) and BENCH_JAR (perf's benchmarks jar) and defines
# `ensure_jar app|bench`, which makes that jar ready or exits; then it calls `run_tickgate "$@"`.

die() { echo "tickgate: $*" >&2; exit 1; }

if [ -n "${JAVA_HOME:-}" ]; then
    JAVA="$JAVA_HOME/bin/java"
    [ -x "$JAVA" ] || die "JAVA_HOME is $JAVA_HOME but $JAVA is not an executable: point JAVA_HOME at a JDK or JRE 17+"
else
    JAVA="$(command -v java)" ||
        die "java not found: install a JRE 17 or newer (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
fi
JAVA_PROPERTIES="$("$JAVA" -XshowSettings:properties -version 2>&1)" || die "$JAVA does not run: $JAVA_PROPERTIES"
# "1.8" for Java 8, "17" from Java 9 on: the number before any dot is the major version
[[ $JAVA_PROPERTIES =~ java\.specification\.version\ =\ ([0-9]+) ]] && JAVA_MAJOR="${BASH_REMATCH[1]}"
[ "${JAVA_MAJOR:-0}" -ge 17 ] ||
    die "java 17 or newer is needed; $JAVA is version ${JAVA_MAJOR:-unknown} (set JAVA_HOME to choose another)"

JVM_FLAGS=(
    --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dchronicle.analytics.disable=true
    -Dchronicle.announcer.disable=true
    -Ddisable.perf.info=true
    -Dorg.jboss.logging.provider=slf4j
)
# JDK 23+ warns about sun.misc.Unsafe without this; JDK 17 refuses to start with it.
if [ "$JAVA_MAJOR" -ge 23 ]; then
    JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
fi
# the operator's own JVM options, split on spaces, e.g. TICKGATE_JAVA_OPTS="-Xmx2g -XX:+UseZGC"
read -r -a USER_JVM_FLAGS <<< "${TICKGATE_JAVA_OPTS:-}"
JVM_FLAGS+=("${USER_JVM_FLAGS[@]}")

bench_usage() {
    echo "usage: tickgate bench jmh [REGEX] [JMH options]   JMH benchmarks of the hot paths (with -prof gc)"
    echo "       tickgate bench load [options]               end-to-end load generator (--help)"
    echo "       tickgate bench compare A.hgrm B.hgrm        compare two runs (--help)"
    echo "       tickgate bench versus --peer-port P --peer-ingest-port Q [--rates MSGS,...] [--rounds N] [load options]"
    echo "                                                   same load against tickgate and a peer, alternating (--help)"
}

# benchmarks: JMH, the load generator and its reports live in the perf module's jar
run_bench() {
    local command main
    case "${1:-}" in
        jmh|load|compare|versus) command="$1"; shift ;;
        -h|--help|help) bench_usage; exit 0 ;;
        *) bench_usage >&2; exit 2 ;;
    esac
    ensure_jar bench
    ensure_jar app
    case "$command" in
        jmh)
            local prof=(-prof gc)
            case " $* " in *" -prof "*) prof=() ;; esac
            exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$BENCH_JAR" "${prof[@]}" "$@" ;;
        load) main=io.tickgate.perf.load.LoadGenerator ;;
        compare) main=io.tickgate.perf.report.CompareReports ;;
        versus) main=io.tickgate.perf.versus.Versus ;;
    esac
    TICKGATE_GATEWAY_JAR="$APP_JAR" exec "$JAVA" "${JVM_FLAGS[@]}" -cp "$BENCH_JAR" "$main" "$@"
}

run_tickgate() {
    if [ "${1:-}" = "bench" ]; then
        shift
        run_bench "$@"
    fi
    ensure_jar app
    exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$APP_JAR" "$@"
}
