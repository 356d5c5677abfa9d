package dev.d1export.testkit;

/** The kinds of request {@link FakeD1Server} answers, for {@linkplain RequestMatcher matching} faults and journal entries. */
public enum Endpoint {
    /** {@code POST /accounts/{a}/d1/database/{id}/export}: starting or polling an export. */
    EXPORT,
    /** {@code GET /accounts/{a}/d1/database?name=...}: listing databases. */
    LIST_DATABASES,
    /** {@code GET /accounts/{a}/d1/database/{id}}: one database's details. */
    GET_DATABASE,
    /** {@code GET /accounts/{a}/d1/database/{id}/time_travel/bookmark}: the current bookmark. */
    BOOKMARK,
    /** {@code POST /accounts/{a}/d1/database/{id}/query}: a read-only query of {@code sqlite_schema}. */
    QUERY,
    /** {@code GET} of a signed URL, on the download listener. */
    DOWNLOAD,
    /** Any other path of the API listener (answered with 404). */
    OTHER
}
