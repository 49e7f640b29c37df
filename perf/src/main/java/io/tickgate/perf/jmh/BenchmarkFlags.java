package io.tickgate.perf.jmh;

/**
 * JVM flags every JMH fork needs. A fork does not read the shaded jar's manifest ({@code Add-Exports} etc.), it only
 * inherits the host JVM's command line, so each benchmark class appends these with
 * {@code @Fork(jvmArgsAppend = {...})}. Kept as compile-time constants so annotations can use them.
 * <p>
 * Java 17 refuses {@code --sun-misc-unsafe-memory-access=allow}; on 23+ pass it to the host JVM (JMH forks inherit
 * the host's flags) or the fork prints Unsafe deprecation warnings.
 */
public final class BenchmarkFlags
{
    static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String JAVAC = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    static final String LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    static final String NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";
    static final String NO_PERF_INFO = "-Ddisable.perf.info=true";
    static final String QUIET_CHRONICLE = "-Dorg.slf4j.simpleLogger.log.net.openhft=warn";

    private BenchmarkFlags()
    {
    }
}
