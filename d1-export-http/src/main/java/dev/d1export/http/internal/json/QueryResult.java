package dev.d1export.http.internal.json;

import java.util.List;
import java.util.Map;

/** The result of one statement of the query call: its rows, each a column-to-value map. */
public class QueryResult {

    /** The rows. */
    public List<Map<String, Object>> results;

    /** Whether the statement succeeded. */
    public Boolean success;

    /** For JSON-B. */
    public QueryResult() {
    }
}
