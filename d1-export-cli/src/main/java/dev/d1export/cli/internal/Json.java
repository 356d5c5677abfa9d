package dev.d1export.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object written by hand: the command's {@code --json} output is small and flat, and a JSON library would
 * cost start-up time. Values may be {@code null}, strings, numbers, booleans, lists of those, or nested objects.
 */
public final class Json {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Creates an empty object. */
    public Json() {
    }

    /**
     * Sets a field (insertion order is kept).
     *
     * @param name  the field name
     * @param value a string, number, boolean, list, {@code Json} object or {@code null}
     * @return this object
     */
    public Json put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /**
     * A field's value.
     *
     * @param name the field name
     * @return the value, or {@code null} if unset
     */
    public Object get(String name) {
        return fields.get(name);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb, this);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Json object) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> field : object.fields.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, field.getKey());
                sb.append(':');
                write(sb, field.getValue());
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            sb.append(value);
        } else if (value instanceof Number) {
            throw new IllegalArgumentException("Only whole numbers are written: " + value.getClass().getName());
        } else {
            quote(sb, value.toString());
        }
    }

    private static void quote(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // Control characters, the line separators JavaScript chokes on, and what a terminal showing the
                    // output would act on (DEL, C1 controls, bidirectional overrides) are escaped: same value, inert.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || TerminalText.unsafe(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
