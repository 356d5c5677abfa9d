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
 * and TEXT comes as its stored UTF-8 bytes; in a UTF-16 database as its stored UTF-16 bytes, translated to UTF-8 as
 * SQLite itself does ({@link Utf16Translation}), so that ill-formed text comes out as in D1's dump. Any other
 * statement (e.g. a pool's proxy) is read through {@code getObject} and {@code getBytes}, with the same dump; only
 * there, ill-formed UTF-16 that SQLite's translation turns into well-formed text (a surrogate combined with the unit
 * after it) is neither counted as inexact nor kept unit by unit by the lossless form.
 */
final class RowReader {

    /** SQLite's storage class codes (sqlite3_column_type). */
    static final int INTEGER = 1;
    static final int REAL = 2;
    static final int TEXT = 3;
    static final int BLOB = 4;
    static final int NULL = 5;

    /** The text encodings of a SQLite database. */
    static final int UTF8 = 1;
    static final int UTF16LE = 2;
    static final int UTF16BE = 3;

    private static final byte[] EMPTY = new byte[0];

    private final ResultSet rs;
    private final SafeStmtPtr pointer;
    /** The database's text encoding: {@link #UTF8}, {@link #UTF16LE} or {@link #UTF16BE}. */
    private final int encoding;
    private final int columns;
    private final int[] types;
    private final long[] longs;
    private final double[] doubles;
    private final byte[][] bytes;
    /** For a UTF-16 database, a TEXT value's stored bytes when they are not well formed; else {@code null}. */
    private final byte[][] illFormedUtf16;
    private final SafeStmtPtr.SafePtrConsumer<SQLException> nativeRead = this::readNative;

    private RowReader(ResultSet rs, SafeStmtPtr pointer, int encoding, int columns) {
        this.rs = rs;
        this.pointer = pointer;
        this.encoding = encoding;
        this.columns = columns;
        this.types = new int[columns];
        this.longs = new long[columns];
        this.doubles = new double[columns];
        this.bytes = new byte[columns][];
        this.illFormedUtf16 = new byte[columns][];
    }

    /**
     * A reader for a query's result.
     *
     * @param statement    the statement that made {@code rs}
     * @param rs           its result
     * @param columns      the number of columns
     * @param encoding     the database's text encoding: {@link #UTF8}, {@link #UTF16LE} or {@link #UTF16BE}
     * @return the reader
     * @throws SQLException if the driver fails
     */
    static RowReader of(Statement statement, ResultSet rs, int columns, int encoding) throws SQLException {
        SafeStmtPtr pointer = statement.isWrapperFor(CoreStatement.class)
                ? statement.unwrap(CoreStatement.class).pointer : null;
        return new RowReader(rs, pointer, encoding, columns);
    }

    /**
     * The encoding code for what {@code PRAGMA encoding} says.
     *
     * @param pragma e.g. {@code UTF-8}, {@code UTF-16le}
     * @return {@link #UTF8}, {@link #UTF16LE} or {@link #UTF16BE}
     */
    static int encodingOf(String pragma) {
        if ("UTF-16le".equalsIgnoreCase(pragma)) {
            return UTF16LE;
        }
        return "UTF-16be".equalsIgnoreCase(pragma) ? UTF16BE : UTF8;
    }

    /** A TEXT value's stored bytes as UTF-8: as they are, or translated from UTF-16 as SQLite would. */
    private byte[] utf8Of(int i, byte[] stored) {
        if (encoding == UTF8) {
            // The hot path: illFormedUtf16 is never set in a UTF-8 database.
            return stored == null ? EMPTY : stored;
        }
        illFormedUtf16[i] = null;
        if (stored == null) {
            return EMPTY;
        }
        boolean littleEndian = encoding == UTF16LE;
        if (!Utf16Translation.isWellFormed(stored, littleEndian)) {
            illFormedUtf16[i] = stored;
        }
        return Utf16Translation.toUtf8(stored, littleEndian);
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
                case TEXT -> bytes[i] = utf8Of(i, db.column_blob(ptr, i));
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
            } else if (value instanceof String) {
                types[i] = TEXT;
                // The bytes, as the native path reads them: the driver's String has already replaced bytes that are
                // not UTF-8 in Java's way, which is not D1's (see JsUtf8Decoder). Reading the String made SQLite
                // translate a UTF-16 value to UTF-8 in place, so these are UTF-8 whatever the encoding: D1's bytes,
                // though whether the UTF-16 was well formed can no longer be told.
                byte[] b = rs.getBytes(i + 1);
                bytes[i] = b == null ? EMPTY : b;
                illFormedUtf16[i] = null;
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

    /** A TEXT column's UTF-8 bytes: as stored, or as SQLite translates the stored UTF-16. */
    byte[] utf8(int i) {
        return bytes[i];
    }

    /**
     * In a UTF-16 database, a TEXT column's code units in UTF-8's form when they are not well-formed UTF-16 (a lone
     * surrogate, an odd byte), which SQLite's translation, and so {@link #utf8(int)}, does not keep; else
     * {@code null}.
     */
    byte[] illFormedUtf16Units(int i) {
        byte[] stored = illFormedUtf16[i];
        return stored == null ? null : Utf16Translation.unitsAsUtf8(stored, encoding == UTF16LE);
    }

    /** A BLOB column's bytes. */
    byte[] blob(int i) {
        return bytes[i];
    }
}
