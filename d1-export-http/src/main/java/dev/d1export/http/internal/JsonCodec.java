package dev.d1export.http.internal;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.io.ByteArrayInputStream;
import org.eclipse.yasson.JsonBindingProvider;

/**
 * Reads and writes the API's JSON with Yasson, in snake_case. Yasson is created directly rather than looked up through
 * the context class loader, which is unreliable in containers and plug-in hosts. Thread-safe.
 */
final class JsonCodec {

    private final Jsonb jsonb = new JsonBindingProvider().create()
            .withConfig(new JsonbConfig().withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES))
            .build();

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
        T value = jsonb.fromJson(new ByteArrayInputStream(body), type);
        if (value == null) {
            throw new JsonbException("the body is JSON null");
        }
        return value;
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
