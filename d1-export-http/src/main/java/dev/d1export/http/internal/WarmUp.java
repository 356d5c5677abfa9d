package dev.d1export.http.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Does the one-time work of a JVM's first export on a daemon thread, ahead of need: the JDK's default TLS context
 * (read from the trust store; the JDK HTTP client creates it even for plain {@code http://}) and Yasson's models of
 * the API's JSON. Each takes about 0.1 s of a short-lived process (a command-line run, a serverless function); done
 * while the caller does other work, the export finds them ready. Each part runs once per JVM; a failure is left for
 * the real use to report.
 */
public final class WarmUp {

    private static final AtomicBoolean TLS = new AtomicBoolean();
    private static final AtomicBoolean JSON = new AtomicBoolean();

    private WarmUp() {
    }

    /**
     * Starts the parts not yet started on a daemon thread.
     *
     * @param tls whether to set up the TLS context too (an exporter about to build its client does that itself, so
     *            only the JSON part is worth running beside it)
     */
    public static void start(boolean tls) {
        boolean doTls = tls && TLS.compareAndSet(false, true);
        boolean doJson = JSON.compareAndSet(false, true);
        if (!doTls && !doJson) {
            return;
        }
        Thread thread = new Thread(null, () -> {
            // Any failure, even an Error such as a missing class, is left for the real use to report with its cause.
            try {
                if (doTls) {
                    SSLContext.getDefault();
                }
            } catch (Throwable e) {
                // The HTTP client's own call reports it.
            }
            try {
                if (doJson) {
                    JsonCodec.shared().warmUp();
                }
            } catch (Throwable e) {
                // The first real call reports it.
            }
        }, "d1-export-warm-up", 0, false);
        thread.setDaemon(true);
        thread.start();
    }
}
