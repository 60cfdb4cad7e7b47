package io.clipj.internal;

/**
 * Quiet defaults for the native libraries, applied before clipj first touches ND4J: ND4J's ten start-up INFO
 * lines (backend, cores, memory, BLAS vendor, build information) are switched off unless the application has set
 * {@code org.nd4j.log.initialization} itself. Settings the application makes always win.
 */
public final class QuietStart {

    /** ND4J's switch for its start-up report ({@code ND4JSystemProperties.LOG_INITIALIZATION}). */
    static final String LOG_INITIALIZATION = "org.nd4j.log.initialization";

    private QuietStart() {
    }

    /** Sets the quiet defaults that the application has not set. Idempotent and thread-safe. */
    public static void apply() {
        synchronized (System.getProperties()) {
            if (System.getProperty(LOG_INITIALIZATION) == null) {
                System.setProperty(LOG_INITIALIZATION, "false");
            }
        }
    }
}
