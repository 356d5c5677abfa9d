package dev.d1export.http.internal;

import java.time.Duration;
import java.util.List;

/**
 * What the polling loop ends with: a finished export on the server, ready to download.
 *
 * @param bookmark   the database bookmark the dump reflects
 * @param filename   the server's file name for the dump, not yet sanitised
 * @param signedUrl  where to download it (a credential in itself: never logged or shown whole)
 * @param messages   every server message, in order
 * @param polls      how many export calls were made
 * @param serverTime from the first call to the {@code complete} answer
 */
record CompletedExport(String bookmark, String filename, String signedUrl, List<String> messages, int polls,
        Duration serverTime) {

    @Override
    public String toString() {
        return "CompletedExport{bookmark=" + bookmark + ", filename=" + filename + ", polls=" + polls + "}";
    }
}
