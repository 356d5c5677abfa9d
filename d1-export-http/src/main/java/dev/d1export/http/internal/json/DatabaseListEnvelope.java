package dev.d1export.http.internal.json;

import java.util.List;

/** The envelope of the database list call ({@code GET /accounts/{account}/d1/database?name=...}). */
public class DatabaseListEnvelope extends Envelope {

    /** The databases found. */
    public List<DatabaseInfo> result;

    /** The paging, when the API sends it. */
    public ResultInfo resultInfo;

    /** For JSON-B. */
    public DatabaseListEnvelope() {
    }
}
