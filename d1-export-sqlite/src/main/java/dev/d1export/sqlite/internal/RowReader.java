package dev.d1export.sqlite.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * Reads the rows of a dump query value by value, each with its own storage class (SQLite is dynamically typed: a
 * column declared INTEGER may hold text). Not thread-safe; one query owns one reader.
 *
 * <p>Why not {@link ResultSet#getObject(int)} alone: through sqlite-jdbc it costs up to three native calls per value
 * and turns every TEXT into a {@link String} via a direct buffer, which the dump then encodes back into the same
 * UTF-8. When the statement is sqlite-jdbc's own, a row is read in one locked pass of native calls (type, then value)
 * and TEXT comes as its stored UTF-8 bytes, as long as the database's encoding is UTF-8 (otherwise SQLite would hand
 * out UTF-16 bytes, so text is read as a {@code String}). Any other statement (e.g. a pool's proxy) is read through
 * {@code getObject}, with the same result.
 */
final class RowReader {

    /** SQLite's storage class codes (sqlite3_column_type). */
    static final int INTEGER = 1;
    static final int REAL = 2;
    static final int TEXT = 3;
    static final int BLOB = 4;
    static final int NULL = 5;

    private static final byte[] EMPTY = new byte[0];

    private final ResultSet rs;
    private final SafeStmtPtr pointer;
    private final boolean textAsUtf8;
    private final int columns;
    private final int[] types;
    private final long[] longs;
    private final double[] doubles;
    private final byte[][] bytes;
    private final String[] texts;
    private final SafeStmtPtr.SafePtrConsumer<SQLException> nativeRead = this::readNative;

    private RowReader(ResultSet rs, SafeStmtPtr pointer, boolean textAsUtf8, int columns) {
        this.rs = rs;
        this.pointer = pointer;
        this.textAsUtf8 = textAsUtf8;
        this.columns = columns;
        this.types = new int[columns];
        this.longs = new long[columns];
        this.doubles = new double[columns];
        this.bytes = new byte[columns][];
        this.texts = new String[columns];
    }

    /**
     * A reader for a query's result.
     *
     * @param statement    the statement that made {@code rs}
     * @param rs           its result
     * @param columns      the number of columns
     * @param utf8Database whether the database's text encoding is UTF-8
     * @return the reader
     * @throws SQLException if the driver fails
     */
    static RowReader of(Statement statement, ResultSet rs, int columns, boolean utf8Database) throws SQLException {
        SafeStmtPtr pointer = statement.isWrapperFor(CoreStatement.class)
                ? statement.unwrap(CoreStatement.class).pointer : null;
        return new RowReader(rs, pointer, utf8Database, columns);
    }

    /**
     * Moves to the next row and reads all its values.
     *
     * @return whether there was a row
     * @throws SQLException if SQLite fails
     */
    boolean next() throws SQLException {
        if (!rs.next()) {
            return false;
        }
        if (pointer != null) {
            pointer.safeRunConsume(nativeRead);
        } else {
            readObjects();
        }
        return true;
    }

    private void readNative(DB db, long ptr) throws SQLException {
        for (int i = 0; i < columns; i++) {
            int type = db.column_type(ptr, i);
            types[i] = type;
            switch (type) {
                case INTEGER -> longs[i] = db.column_long(ptr, i);
                case REAL -> doubles[i] = db.column_double(ptr, i);
                case TEXT -> {
                    if (textAsUtf8) {
                        byte[] b = db.column_blob(ptr, i);
                        bytes[i] = b == null ? EMPTY : b;
                    } else {
                        bytes[i] = null;
                        texts[i] = db.column_text(ptr, i);
                    }
                }
                case BLOB -> {
                    byte[] b = db.column_blob(ptr, i);
                    bytes[i] = b == null ? EMPTY : b;
                }
                default -> types[i] = NULL;
            }
        }
    }

    private void readObjects() throws SQLException {
        for (int i = 0; i < columns; i++) {
            Object value = rs.getObject(i + 1);
            if (value == null) {
                types[i] = NULL;
            } else if (value instanceof Integer || value instanceof Long) {
                types[i] = INTEGER;
                longs[i] = ((Number) value).longValue();
            } else if (value instanceof Double d) {
                types[i] = REAL;
                doubles[i] = d;
            } else if (value instanceof String s) {
                types[i] = TEXT;
                if (textAsUtf8) {
                    // The stored bytes, as the native path reads them: the driver's String has already replaced
                    // bytes that are not UTF-8 in Java's way, which is not D1's (see JsUtf8Decoder).
                    byte[] b = rs.getBytes(i + 1);
                    bytes[i] = b == null ? EMPTY : b;
                } else {
                    bytes[i] = null;
                    texts[i] = s;
                }
            } else if (value instanceof byte[] b) {
                types[i] = BLOB;
                bytes[i] = b;
            } else {
                throw new IllegalStateException("Unexpected SQLite value type " + value.getClass().getName());
            }
        }
    }

    /** The storage class of column {@code i} (0-based): {@link #INTEGER}, {@link #REAL}, {@link #TEXT}, ... */
    int type(int i) {
        return types[i];
    }

    /** The value of an INTEGER column. */
    long integer(int i) {
        return longs[i];
    }

    /** The value of a REAL column. */
    double real(int i) {
        return doubles[i];
    }

    /** A TEXT column's UTF-8 bytes as stored, or {@code null} when it was read as a {@link #text(int) String}. */
    byte[] utf8(int i) {
        return bytes[i];
    }

    /** A TEXT column as a string; only when {@link #utf8(int)} is {@code null}. */
    String text(int i) {
        return texts[i];
    }

    /** A BLOB column's bytes. */
    byte[] blob(int i) {
        return bytes[i];
    }
}
