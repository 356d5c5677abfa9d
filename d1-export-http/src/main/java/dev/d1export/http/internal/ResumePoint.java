package dev.d1export.http.internal;

import java.net.http.HttpHeaders;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a broken download needs to ask for its rest only: the strong ETag and the length of the first full answer.
 * A retry sends {@code Range: bytes=<have>-} with {@code If-Range: <etag>}: the server answers 206 with the rest if the
 * object is unchanged, else 200 with all of it. Without a strong ETag or a length there is no resuming.
 *
 * @param etag  the strong entity tag, quotes included
 * @param total the dump's length in bytes
 */
record ResumePoint(String etag, long total) {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\d{1,19})");

    /**
     * The resume point of a full answer.
     *
     * @param headers the answer's headers
     * @param total   its {@code Content-Length}, negative if unknown
     * @return the point, or {@code null} when the answer cannot be resumed
     */
    static ResumePoint of(HttpHeaders headers, long total) {
        String etag = headers.firstValue("etag").map(String::trim).orElse("");
        // Only a strong validator may be used with If-Range (RFC 9110, 13.1.5); a weak one starts with W/.
        boolean strong = etag.length() >= 2 && etag.length() <= 200 && etag.startsWith("\"") && etag.endsWith("\"")
                && etag.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return strong && total > 0 ? new ResumePoint(etag, total) : null;
    }

    /**
     * Whether a 206 answer's {@code Content-Range} continues exactly where the output stands and ends at the end.
     *
     * @param contentRange the header, e.g. {@code bytes 100-999/1000}
     * @param have         bytes already written
     * @param total        the dump's length
     * @return {@code true} if it is {@code bytes <have>-<total - 1>/<total>}
     */
    static boolean continues(String contentRange, long have, long total) {
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        if (!m.matches()) {
            return false;
        }
        try {
            return Long.parseLong(m.group(1)) == have && Long.parseLong(m.group(2)) == total - 1
                    && Long.parseLong(m.group(3)) == total;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
