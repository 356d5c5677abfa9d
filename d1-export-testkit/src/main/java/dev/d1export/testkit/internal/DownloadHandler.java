package dev.d1export.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.Fault;
import dev.d1export.testkit.ReceivedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The download listener: serves a finished dump from disk at its signed URL, like an object store's presigned GET:
 * with a strong {@code ETag} and {@code Accept-Ranges: bytes}, answering a single byte range ({@code Range:
 * bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}) with 206 and its {@code Content-Range}, an unsatisfiable one with
 * 416, and a range whose {@code If-Range} names another ETag, or that it does not parse, with the whole dump (200).
 * It refuses (403, XML {@code AccessDenied}) a wrong signature, an expired URL and any request that carries Cloudflare
 * credentials (recorded as a leak).
 */
public final class DownloadHandler extends FakeHandler {

    /** The query parameter holding the expiry, epoch milliseconds. */
    public static final String EXPIRES = "X-Fake-Expires";

    /** The query parameter holding the signature. */
    public static final String SIGNATURE = "X-Fake-Signature";

    private static final Pattern PATH = Pattern.compile("/exports/([0-9a-f]+)/([^/]+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})?-(\\d{1,18})?");

    private final ExportRegistry exports;
    private final UrlSigner signer;

    /**
     * Creates the handler.
     *
     * @param exports the exports
     * @param signer  checks signatures
     * @param journal records requests
     * @param faults  injected faults
     */
    public DownloadHandler(ExportRegistry exports, UrlSigner signer, Consumer<ReceivedRequest> journal,
            FaultRules faults) {
        super(journal, faults);
        this.exports = exports;
        this.signer = signer;
    }

    @Override
    protected String relativePath(String rawPath) {
        return rawPath;
    }

    @Override
    protected Endpoint classify(String method, String path) {
        return Endpoint.DOWNLOAD;
    }

    @Override
    protected boolean leaksCredentials(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        return headers.containsKey("Authorization") || headers.containsKey("X-Auth-Key")
                || headers.containsKey("X-Auth-Email");
    }

    /**
     * A status fault as the object store behind a signed URL sends it: an XML {@code <Error>} whose code is the S3
     * code for the status (R2 speaks the S3 API), with the fault's message as given, or the reason phrase when the
     * fault kept {@link Fault#status(int)}'s default ({@link Fault#hasDefaultMessage()}).
     */
    @Override
    protected Reply statusReply(Fault fault) {
        // The default message is the Cloudflare API's (e.g. its rate limit's text for 429), which an object store
        // never sends. A message the test gave is sent as it is, even one equal to the default's text.
        String message = fault.hasDefaultMessage() ? StatusTexts.reasonPhrase(fault.status()) : fault.message();
        return Envelopes.xml(fault.status(), objectStoreCode(fault.status()), message);
    }

    /**
     * The S3 error code an object store sends with this status.
     *
     * @param status an HTTP status from 400 to 599
     * @return the code, e.g. {@code SlowDown} for 429
     */
    static String objectStoreCode(int status) {
        switch (status) {
            case 400:
                return "InvalidRequest";
            case 401:
            case 403:
                return "AccessDenied";
            case 404:
                return "NoSuchKey";
            case 405:
                return "MethodNotAllowed";
            case 416:
                return "InvalidRange";
            case 429:
                return "SlowDown";
            case 501:
                return "NotImplemented";
            case 503:
                return "ServiceUnavailable";
            default:
                return status >= 500 ? "InternalError" : "InvalidRequest";
        }
    }

    @Override
    protected Reply answer(HttpExchange exchange, String method, String path, Endpoint endpoint, byte[] body) {
        if (leaksCredentials(exchange)) {
            return Envelopes.xml(403, "AccessDenied", "Cloudflare API credentials were sent to a signed URL");
        }
        if (!method.equals("GET")) {
            return Envelopes.xml(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        String query = exchange.getRequestURI().getRawQuery();
        String expires = parameter(query, EXPIRES);
        String signature = parameter(query, SIGNATURE);
        long expiresMillis;
        try {
            expiresMillis = expires == null ? -1 : Long.parseLong(expires);
        } catch (NumberFormatException e) {
            expiresMillis = -1;
        }
        if (expiresMillis < 0 || signature == null || !signer.verify(path, expiresMillis, signature)) {
            return Envelopes.xml(403, "AccessDenied", "The request signature we calculated does not match the"
                    + " signature you provided.");
        }
        if (System.currentTimeMillis() > expiresMillis) {
            return Envelopes.xml(403, "AccessDenied", "Request has expired");
        }
        Matcher m = PATH.matcher(path);
        Optional<ExportTask> task = m.matches() ? exports.byId(m.group(1)) : Optional.empty();
        if (task.isEmpty() || task.get().dump() == null || !Files.isRegularFile(task.get().dump())) {
            return Envelopes.xml(404, "NoSuchKey", "The specified key does not exist.");
        }
        return dump(exchange, task.get());
    }

    /** The dump, whole or the range asked for. */
    private static Reply dump(HttpExchange exchange, ExportTask task) {
        Path file = task.dump();
        long size;
        String etag;
        try {
            size = Files.size(file);
            // Strong and stable for one object: the export, its size and its time. Another object, another ETag.
            etag = "\"" + task.id() + "-" + Long.toHexString(size) + "-"
                    + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "\"";
        } catch (java.io.IOException e) {
            return Envelopes.xml(404, "NoSuchKey", "The specified key does not exist.");
        }
        // The size just read goes with the reply, so sending it does not look the file up again.
        Reply whole = Reply.filePart(200, "application/sql", file, 0, size).withHeader("ETag", etag)
                .withHeader("Accept-Ranges", "bytes");
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        Matcher m = range == null ? null : RANGE.matcher(range.trim());
        if (m == null || !m.matches() || m.group(1) == null && m.group(2) == null
                || ifRange != null && !ifRange.trim().equals(etag)) {
            return whole;
        }
        long from;
        long to;
        if (m.group(1) == null) {
            // bytes=-n: the last n bytes.
            long n = Long.parseLong(m.group(2));
            from = Math.max(0, size - n);
            to = size - 1;
            if (n == 0) {
                from = size;
            }
        } else {
            from = Long.parseLong(m.group(1));
            long last = m.group(2) == null ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (last < from) {
                // Not a valid range (RFC 9110, 14.1.1): ignored, as an object store does.
                return whole;
            }
            to = Math.min(last, size - 1);
        }
        if (from >= size) {
            return Envelopes.xml(416, "InvalidRange", "The requested range is not satisfiable")
                    .withHeader("Content-Range", "bytes */" + size);
        }
        return Reply.filePart(206, "application/sql", file, from, to - from + 1).withHeader("ETag", etag)
                .withHeader("Accept-Ranges", "bytes").withHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
    }

    /**
     * Makes the signed URL of a completed export.
     *
     * @param origin   the listener's origin, e.g. {@code http://127.0.0.1:4567}
     * @param task     the export
     * @param lifetime how long the URL works, in milliseconds
     * @param signer   signs it
     * @return the URL
     */
    public static String signedUrl(String origin, ExportTask task, long lifetime, UrlSigner signer) {
        String path = "/exports/" + task.id() + "/" + task.filename();
        long expires = System.currentTimeMillis() + lifetime;
        return origin + path + "?" + EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + signer.sign(path, expires);
    }

    private static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
