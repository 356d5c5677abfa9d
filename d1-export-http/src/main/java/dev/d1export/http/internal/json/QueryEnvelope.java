package dev.d1export.http.internal.json;

import java.util.List;

/** The envelope of the query call ({@code POST /accounts/{account}/d1/database/{id}/query}): one result a statement. */
public class QueryEnvelope extends Envelope {

    /** The statements' results. */
    public List<QueryResult> result;

    /** For JSON-B. */
    public QueryEnvelope() {
    }
}
