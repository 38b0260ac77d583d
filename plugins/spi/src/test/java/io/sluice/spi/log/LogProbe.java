package io.sluice.spi.log;

/** Run in a forked JVM by LoggingBridgeTest: logs one record per level and names the backend on stdout. */
public final class LogProbe {
    private LogProbe() {}

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("io.sluice.probe.Probe");
        System.out.println("backend=" + LoggerFactory.backend());
        System.out.println("debugEnabled=" + log.isDebugEnabled());
        log.debug("a debug record {}", 1);
        log.info("an info record {} of {}", 2, "two");
        log.warn("a warning about {}", "the buffer");
        log.error("an error with a stack trace {}", "here", new IllegalStateException("the cause"));
        System.out.flush();
    }
}
