package dev.d1export.cli.internal;

/** {@code --progress}: how events are shown on stderr. */
public enum ProgressMode {
    /** Live on a terminal, plain otherwise. */
    AUTO,
    /** A status line redrawn in place, with a download bar: for people at a terminal. */
    LIVE,
    /** One line per event: for logs and CI. */
    PLAIN
}
