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

    /**
     * A deserializer of one scalar type: {@code null} stays {@code null}, a value of the type is converted, anything
     * else is refused with what was expected and what came.
     *
     * @param <T> the Java type
     */
    private abstract static class Scalar<T> implements JsonbDeserializer<T> {

        private final String expected;
        private final String expectedNumber;

        /**
         * Creates the deserializer.
         *
         * @param expected       what the value must be, for the message
         * @param expectedNumber what a number must be, where that says more (a number out of range)
         */
        Scalar(String expected, String expectedNumber) {
            this.expected = expected;
            this.expectedNumber = expectedNumber;
        }

        @Override
        public final T deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value;
            try {
                value = parser.getValue();
            } catch (NumberFormatException e) { // 1e99999999999: too large for BigDecimal
                throw new JsonbException("expected " + expectedNumber + ", got a number too large to read");
            }
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            T converted = convert(value);
            if (converted == null) {
                throw refused(value.getValueType() == JsonValue.ValueType.NUMBER ? expectedNumber : expected, value);
            }
            return converted;
        }

        /** The value as {@code T}, or {@code null} if it is not one. */
        abstract T convert(JsonValue value);
    }

    /** Takes {@code true} and {@code false} only. */
    static final class BooleanOnly extends Scalar<Boolean> {
        BooleanOnly() {
            super("true or false", "true or false");
        }

        @Override
        Boolean convert(JsonValue value) {
            return value.getValueType() == JsonValue.ValueType.TRUE ? Boolean.TRUE
                    : value.getValueType() == JsonValue.ValueType.FALSE ? Boolean.FALSE : null;
        }
    }

    /** Takes JSON strings only. */
    static final class StringOnly extends Scalar<String> {
        StringOnly() {
            super("a string", "a string");
        }

        @Override
        String convert(JsonValue value) {
            return value.getValueType() == JsonValue.ValueType.STRING ? ((JsonString) value).getString() : null;
        }
    }

    /** Takes JSON numbers that are whole and fit an {@code int} only. */
    static final class IntegerOnly extends Scalar<Integer> {
        IntegerOnly() {
            super("a whole number", "a whole number of at most 32 bits");
        }

        @Override
        Integer convert(JsonValue value) {
            if (value.getValueType() != JsonValue.ValueType.NUMBER) {
                return null;
            }
            try {
                return ((JsonNumber) value).bigDecimalValue().intValueExact();
            } catch (ArithmeticException e) { // 1.5, 1e10
                return null;
            }
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
