package dev.d1export.http.internal;

import dev.d1export.http.internal.json.DatabaseInfo;
import dev.d1export.http.internal.json.DatabaseListEnvelope;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ProtocolViolationException;
import jakarta.json.bind.JsonbException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the database of the URL into its UUID: a UUID is used as is, a name is looked up with
 * {@code GET /accounts/{account}/d1/database?name=...} and must match exactly one database.
 */
final class DatabaseResolver {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ApiClient api;
    private final JsonCodec json;
    private final ErrorMapper errors;
    private final CloudflareSettings settings;

    /**
     * Creates a resolver.
     *
     * @param api      calls the API
     * @param json     reads the list
     * @param errors   maps failed answers
     * @param settings the account and database
     */
    DatabaseResolver(ApiClient api, JsonCodec json, ErrorMapper errors, CloudflareSettings settings) {
        this.api = api;
        this.json = json;
        this.errors = errors;
        this.settings = settings;
    }

    /**
     * The database's UUID.
     *
     * @return the UUID
     * @throws InterruptedException       if the thread is interrupted
     * @throws DatabaseNotFoundException  if no database, or several, have the name
     */
    String resolve() throws InterruptedException {
        String name = settings.database();
        if (settings.databaseIsUuid()) {
            return name;
        }
        String account = settings.accountId();
        String action = "listing the databases named '" + name + "' in account " + account;
        ApiResponse response = api.get("/accounts/" + account + "/d1/database?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), action);
        ErrorDetails details = ErrorDetails.ofStatus(response.status()).withRayId(response.rayId());
        DatabaseListEnvelope envelope;
        try {
            envelope = json.read(response.body(), DatabaseListEnvelope.class);
        } catch (JsonbException | ClassCastException e) {
            throw new ProtocolViolationException("Cloudflare API answered " + action + " with a body that is not the"
                    + " database list: " + ErrorMapper.describeBody(response), e, details);
        }
        if (Boolean.FALSE.equals(envelope.success)) {
            throw errors.fromResponse(response, action);
        }
        if (envelope.result == null) {
            throw new ProtocolViolationException("Cloudflare API answered " + action + " with no result", null,
                    details);
        }
        List<DatabaseInfo> matches = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (DatabaseInfo info : envelope.result) {
            if (info != null && name.equals(info.name)) {
                matches.add(info);
            } else if (info != null && info.name != null) {
                others.add(info.name);
            }
        }
        if (matches.isEmpty()) {
            throw new DatabaseNotFoundException("No D1 database is named '" + name + "' in account " + account
                    + (others.isEmpty() ? "" : " (similar names: " + String.join(", ", others) + ")")
                    + "; check the name (it is case-sensitive) or use the database's UUID", null, details);
        }
        if (matches.size() > 1) {
            List<String> ids = new ArrayList<>();
            matches.forEach(m -> ids.add(String.valueOf(m.uuid)));
            throw new DatabaseNotFoundException(matches.size() + " D1 databases are named '" + name
                    + "' in account " + account + " (" + String.join(", ", ids) + "); use the UUID of the one to"
                    + " export", null, details);
        }
        String uuid = matches.get(0).uuid;
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            throw new ProtocolViolationException("Cloudflare API listed database '" + name + "' with an id that is"
                    + " not a UUID: '" + uuid + "'", null, details);
        }
        return uuid;
    }
}
