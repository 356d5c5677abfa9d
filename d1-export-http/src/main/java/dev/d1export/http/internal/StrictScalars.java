package dev.d1export.http.internal;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/**
 * Deserializers that take a JSON value only as the JSON type the API documents. Yasson on its own coerces: it reads
 * {@code "success":"yes"} and {@code "success":1} as {@code false}, {@code "code":1.5} as {@code 1}, {@code 7} as the
 * string {@code "7"} and {@code ["x"]} as the string {@code "x"}. An answer that says such things is not the answer
 * the exporter was written against, and guessing what it meant (a failed export? a bookmark?) is how a client goes
 * wrong quietly; refusing it gives a {@code ProtocolViolationException} that shows the body. {@code null} stays
 * {@code null}, which the callers check field by field.
 */
final class StrictScalars {

    private StrictScalars() {
    }

    /** Takes {@code true} and {@code false} only. */
    static final class BooleanOnly implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = value(parser, "true or false");
            switch (value.getValueType()) {
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case NULL:
                    return null;
                default:
                    throw refused("true or false", value);
            }
        }
    }

    /** Takes JSON strings only. */
    static final class StringOnly implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = value(parser, "a string");
            switch (value.getValueType()) {
                case STRING:
                    return ((JsonString) value).getString();
                case NULL:
                    return null;
                default:
                    throw refused("a string", value);
            }
        }
    }

    /** Takes JSON numbers that are whole and fit an {@code int} only. */
    static final class IntegerOnly implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = value(parser, "a whole number of at most 32 bits");
            switch (value.getValueType()) {
                case NUMBER:
                    try {
                        return ((JsonNumber) value).bigDecimalValue().intValueExact();
                    } catch (ArithmeticException e) { // 1.5, 1e10
                        throw refused("a whole number of at most 32 bits", value);
                    }
                case NULL:
                    return null;
                default:
                    throw refused("a whole number", value);
            }
        }
    }

    /** The value at the parser, with a number too large for {@code BigDecimal} (1e99999999999) refused by name. */
    private static JsonValue value(JsonParser parser, String expected) {
        try {
            return parser.getValue();
        } catch (NumberFormatException e) {
            throw new JsonbException("expected " + expected + ", got a number too large to read");
        }
    }

    private static JsonbException refused(String expected, JsonValue value) {
        return new JsonbException("expected " + expected + ", got " + describe(value));
    }

    /** What was found, without quoting a string or a structure: one of them could be a signed URL. */
    private static String describe(JsonValue value) {
        switch (value.getValueType()) {
            case STRING:
                return "a string";
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case NUMBER:
                String number = value.toString();
                return "the number " + (number.length() > 24 ? number.substring(0, 24) + "..." : number);
            default:
                return value.toString(); // true, false
        }
    }
}
