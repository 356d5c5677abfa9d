package dev.d1export.http.internal;

import java.net.ProtocolException;

/**
 * An answer this project's own parser refused ({@link Http1Response}): the server framed it against HTTP/1.1; or one
 * that came after more informational answers than the JDK's client reads ({@link JdkDumpTransport}). Told apart from
 * the JDK client's other {@link ProtocolException}s, which can also mean a connection it reused had gone out of step
 * (stray bytes of an earlier answer), so that a fresh connection works: only this one is the server's doing.
 */
final class MalformedAnswerException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message what is wrong with the answer, with the bad value shown safely
     */
    MalformedAnswerException(String message) {
        super(message);
    }
}
