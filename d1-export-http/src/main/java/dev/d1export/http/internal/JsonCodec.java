package dev.d1export.http.internal;

import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.yasson.JsonBindingProvider;

/**
 * Reads and writes the API's JSON with Yasson, in snake_case. Yasson is created directly rather than looked up through
 * the context class loader, which is unreliable in containers and plug-in hosts. Thread-safe; one is
 * {@link #shared() shared} by all exporters, so Yasson's models of the API's classes are built once per JVM.
 */
final class JsonCodec {

    /** Built on first use, not in a static initialiser: a failure to set up Yasson then shows its own cause each time. */
    private static volatile JsonCodec shared;
    /** A typical answer of the export call, read once by {@link #warmUp()}. */
    private static final byte[] SAMPLE_ANSWER = ("{\"success\":true,\"errors\":[],\"messages\":[{\"code\":1,"
            + "\"message\":\"m\"}],\"result\":{\"type\":\"export\",\"status\":\"complete\",\"success\":true,"
            + "\"at_bookmark\":\"b\",\"messages\":[\"m\"],\"result\":{\"filename\":\"f.sql\","
            + "\"signed_url\":\"https://example.invalid/f.sql\"}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * The codec all exporters share.
     *
     * @return the shared codec
     */
    static JsonCodec shared() {
        JsonCodec codec = shared;
        if (codec == null) {
            synchronized (JsonCodec.class) {
                codec = shared;
                if (codec == null) {
                    codec = new JsonCodec();
                    shared = codec;
                }
            }
        }
        return codec;
    }

    /**
     * Writes an export call and reads a typical answer, so that Yasson loads its classes and models the API's
     * (about 0.1 s on first use); see {@link WarmUp}.
     */
    void warmUp() {
        write(new dev.d1export.http.internal.json.ExportCall("b",
                new dev.d1export.http.internal.json.DumpOptions(false, false, java.util.List.of("t"))));
        read(SAMPLE_ANSWER, dev.d1export.http.internal.json.ExportEnvelope.class);
    }

    /** The JSON-P implementation Yasson parses with, also used on its own by {@link #requireComplete(byte[])}. */
    private final JsonProvider provider = JsonProvider.provider();

    private final Jsonb jsonb = jsonb(config().withDeserializers(new StrictScalars.BooleanOnly(),
            new StrictScalars.StringOnly(), new StrictScalars.IntegerOnly()));

    /** Yasson's own coercions, for {@link #readLeniently}: built on first use, as most runs never need it. */
    private volatile Jsonb lenient;

    /**
     * Reads a body.
     *
     * @param body the bytes
     * @param type what to read
     * @param <T>  the type
     * @return the value
     * @throws JsonbException if the body is not JSON of that shape
     */
    <T> T read(byte[] body, Class<T> type) {
        return read(jsonb, body, type);
    }

    private <T> T read(Jsonb reader, byte[] body, Class<T> type) {
        requireComplete(body);
        T value = reader.fromJson(new ByteArrayInputStream(body), type);
        if (value == null) {
            throw new JsonbException("the body is JSON null");
        }
        return value;
    }

    /** The API's snake_case names. */
    private static JsonbConfig config() {
        return new JsonbConfig().withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES);
    }

    private Jsonb jsonb(JsonbConfig config) {
        return new JsonBindingProvider().create().withProvider(provider).withConfig(config).build();
    }

    /**
     * Reads a body as well as it can, with Yasson's coercions ({@code "10000"} as the code 10000). Only for what is
     * best effort: the API errors of an answer that already failed, where an off-type value in a field nobody reads
     * must not cost the error its text and its typed exception.
     *
     * @param body the bytes
     * @param type what to read
     * @param <T>  the type
     * @return the value
     * @throws JsonbException if the body is not JSON of that shape even so
     */
    <T> T readLeniently(byte[] body, Class<T> type) {
        Jsonb reader = lenient;
        if (reader == null) {
            reader = jsonb(config());
            lenient = reader;
        }
        return read(reader, body, type);
    }

    /**
     * Whether a body is a JSON object whose {@code success} is the JSON literal {@code false}. Read with JSON-P, not
     * bound: {@code "success":"no"} or {@code 0} states nothing.
     *
     * @param body the bytes
     * @return {@code true} for such an object; {@code false} for anything else, malformed JSON included
     */
    boolean statesFailure(byte[] body) {
        try (JsonReader reader = provider.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT
                    && value.asJsonObject().getOrDefault("success", JsonValue.NULL).getValueType()
                    == JsonValue.ValueType.FALSE;
        } catch (RuntimeException e) { // JsonException, its JsonParsingException, the nesting limit's
            return false;
        }
    }

    /**
     * Says briefly why a body could not be read: Yasson's nested "Unable to deserialize property 'a' because of:
     * Unable to deserialize property 'b' because of: ..." becomes {@code a.b: ...}. Other messages are kept as they
     * are.
     *
     * @param failure what {@link #read(byte[], Class)} threw
     * @return e.g. {@code result.status: expected a string, got the number 5}
     */
    static String reason(RuntimeException failure) {
        String message = String.valueOf(failure.getMessage());
        StringBuilder path = new StringBuilder();
        Matcher property = PROPERTY_PREFIX.matcher(message);
        int end = 0;
        while (property.find(end) && property.start() == end) {
            path.append(path.length() == 0 ? "" : ".").append(property.group(1));
            end = property.end();
        }
        return path.length() == 0 ? message : path + ": " + message.substring(end);
    }

    /** How many levels of objects and arrays the JSON-P parser (Parsson, maxDepth 1000) opens before it refuses. */
    private static final int DEEPEST = 999;

    private static final Pattern PROPERTY_PREFIX =
            Pattern.compile("Unable to deserialize property '([^']*)' because of: ");

    /**
     * Refuses a body that is not one complete JSON text, before Yasson binds it. Yasson skips a property the API's
     * classes do not have (the API adds them freely), and the parser's skip of an object or array that the input
     * ends inside never returns: a body cut off by a dropped connection (a gateway's error page, an answer without
     * a length) would spin a CPU for good, deaf to the deadline and to interrupts. The parser's own reading of the
     * same input fails at its end; it also refuses more than 1000 levels of nesting and anything after the value.
     * A value that is not an object is refused here too: Yasson's error for a bare string is "Internal error: null".
     * Answers are small (at most 8 MiB), so reading them twice costs nothing that matters.
     */
    private void requireComplete(byte[] body) {
        JsonParser.Event first = firstEvent(body);
        if (first != JsonParser.Event.START_OBJECT) { // every answer of the API is an object
            throw new JsonbException("the body is JSON, but not an object");
        }
    }

    /**
     * Why a body is not one complete JSON text at all, if it is not: it is not JSON (an HTML page, plain text), or
     * it ends early (a connection dropped mid-answer), or it is empty. Well-formed JSON of the wrong shape is not
     * such a body: that is what its sender meant to say.
     *
     * @param body the bytes
     * @return the reason, or {@code null} for one complete JSON text
     */
    NotJsonException notJson(byte[] body) {
        try {
            firstEvent(body);
            return null;
        } catch (NotJsonException e) {
            return e;
        } catch (JsonbException e) { // JSON, only too deep to read: the caller's reading of it says so
            return null;
        }
    }

    /** Reads the whole body with JSON-P: its first event, after checking that the rest is complete JSON. */
    private JsonParser.Event firstEvent(byte[] body) {
        if (body.length == 0) { // the parser's word for it would be "Cannot auto-detect encoding"
            throw new NotJsonException("the body is empty", null);
        }
        JsonParser.Event first = null;
        int depth = 0;
        try (JsonParser parser = provider.createParser(new ByteArrayInputStream(body))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                first = first == null ? event : first;
                if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                    depth++;
                } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                    depth--;
                }
            }
        } catch (RuntimeException e) { // JsonException, its JsonParsingException, or the nesting limit's
            if (depth >= DEEPEST) {
                // Well-formed as far as it was read, only deeper than the parser goes: what the sender meant, not
                // damage on the way, so not worth asking again.
                throw new JsonbException("the body is JSON nested deeper than the " + DEEPEST
                        + " levels this client reads", e);
            }
            throw new NotJsonException("the body is not one complete JSON text: " + e.getMessage(), e);
        }
        if (first == null) {
            throw new NotJsonException("the body is empty", null);
        }
        return first;
    }

    /**
     * A body that is not one complete JSON text at all (see {@link #notJson(byte[])}), as opposed to JSON that does
     * not have the shape of the call's answer. Told apart because the first can be damage on the way (a proxy's page,
     * a body cut short), which asking again may cure, and the second is what the server said.
     */
    static final class NotJsonException extends JsonbException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message why the body is not JSON
         * @param cause   the parser's failure, or {@code null}
         */
        NotJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes a value.
     *
     * @param value the value
     * @return the JSON text
     */
    String write(Object value) {
        return jsonb.toJson(value);
    }
}
