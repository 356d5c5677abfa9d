package dev.d1export.sqlite.internal;

import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.sqlite.DumpSummary;
import dev.d1export.sqlite.VirtualTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one dump in D1's format (see {@code dump-format.md}): the D1 dump routine's table order, skip rules, schema
 * text rules and value printing, streamed row by row. One engine writes one dump; it keeps no state between dumps.
 */
public final class DumpEngine {

    /** D1's exact message for a database with a virtual table. */
    public static final String VIRTUAL_TABLE_MESSAGE =
            "D1 Export error: cannot export databases with Virtual Tables (fts5)";

    /**
     * The hint with {@link #VIRTUAL_TABLE_MESSAGE}: D1's message, but a local file has a way out of its own, and no
     * server whose message would say more (the command's default hint for a failed export speaks of one).
     */
    static final String VIRTUAL_TABLE_HINT = "leave the virtual tables out with a table filter (--table), or pass the"
            + " option virtual-tables=skip (d1:sqlite:<file>?virtual-tables=skip) to leave them, their shadow tables"
            + " and the triggers that use them out";

    private static final System.Logger LOG = System.getLogger(DumpEngine.class.getName());
    private static final String HEADER = "PRAGMA defer_foreign_keys=TRUE;";
    private static final Pattern QUOTED_CREATE = Pattern.compile("CREATE TABLE ['\"]");
    private static final Pattern USING = Pattern.compile("(?i)\\bUSING\\s+([A-Za-z0-9_]+)");
    /** Shadow tables of SQLite's built-in virtual table modules, for when {@code PRAGMA table_list} cannot tell. */
    private static final Map<String, List<String>> SHADOW_SUFFIXES = Map.of(
            "fts5", List.of("data", "idx", "content", "docsize", "config"),
            "fts4", List.of("content", "segments", "segdir", "docsize", "stat"),
            "fts3", List.of("content", "segments", "segdir", "docsize", "stat"),
            "rtree", List.of("node", "rowid", "parent"),
            "rtree_i32", List.of("node", "rowid", "parent"),
            "geopoly", List.of("node", "rowid", "parent"));
    private static final byte[] NULL = bytes("NULL");
    private static final byte[] ROW_END = bytes(");");
    private static final byte[] REPLACE_OPEN = bytes("replace(");
    private static final double TWO_POW_53 = 9007199254740992.0;
    /**
     * Lossless mode writes a NUL as {@code '||char(0)||'}: each one deepens the concatenation by two levels, and an
     * expression deeper than 100 does not load into D1 (1000 in SQLite). Up to this many NULs keep that readable form
     * (about 20 levels with the newline {@code replace} wrappers); a text with more is written as its bytes.
     */
    private static final int MAX_CHAR0_NULS = 8;
    private static final int CHECK_EVERY_ROWS = 4096;
    /** Wide rows (large blobs) reach a megabyte long before 4096 rows: the deadline is checked by bytes too. */
    private static final long CHECK_EVERY_BYTES = 1 << 20;

    private final DumpSettings settings;
    private final LongConsumer progress;
    private final long deadlineNanos;
    private final StringBuilder number = new StringBuilder(32);
    private Utf8Output out;
    private long nextCheckAt;
    private PreparedStatement realProbe;
    private int textEncoding = RowReader.UTF8;
    private long rows;
    private long inexact;
    private long reported = -1;

    /**
     * Creates an engine.
     *
     * @param settings      what to write
     * @param progress      told the byte count after each table and every few thousand rows; may be {@code null}
     * @param deadlineNanos a {@link System#nanoTime()} past which the dump fails with {@link ExportTimeoutException},
     *                      or {@link Long#MAX_VALUE} for none
     */
    public DumpEngine(DumpSettings settings, LongConsumer progress, long deadlineNanos) {
        this.settings = settings;
        this.progress = progress == null ? bytes -> { } : progress;
        this.deadlineNanos = deadlineNanos;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A table row of {@code sqlite_schema}.
     *
     * @param name       the name as SQLite's driver reads it, to select the table by
     * @param sql        the stored SQL, decoded as D1 decodes it
     * @param filterName the name decoded as D1 decodes it, which a table filter names (they differ only for bytes
     *                   that are not UTF-8: {@code ED A0 80} is three U+FFFD to D1, one to the driver)
     */
    private record TableEntry(String name, String sql, String filterName) {
        boolean isVirtual() {
            return sql.startsWith("CREATE VIRTUAL TABLE");
        }
    }

    /**
     * Writes the dump. Everything is read in one read transaction, so the dump is one consistent snapshot. A
     * virtual table under {@link VirtualTables#FAIL}, and a table whose rows would be written but cannot be selected
     * (its name or a column's is not valid UTF-8), are detected before the first byte is written.
     *
     * @param connection a connection to the database (read-only is enough); with auto-commit on, the dump reads in
     *                   a transaction of its own and turns auto-commit back on; with it off, the transaction is the
     *                   caller's: the dump reads within it (its uncommitted writes too) and leaves it open
     * @param stream     where the dump goes; flushed, not closed
     * @return what was written
     * @throws SQLException           if SQLite fails
     * @throws IOException            if writing fails
     * @throws ExportFailedException  for a virtual table under {@link VirtualTables#FAIL}, with D1's message and a
     *                                hint, or a table whose rows cannot be selected
     */
    public DumpSummary write(Connection connection, OutputStream stream) throws SQLException, IOException {
        if (!connection.getAutoCommit()) {
            // Ending the caller's transaction would throw away its uncommitted writes (a rollback) or commit them
            // behind its back; its transaction is already one consistent snapshot to read.
            return writeSnapshot(connection, stream);
        }
        connection.setAutoCommit(false);
        DumpSummary summary;
        try {
            summary = writeSnapshot(connection, stream);
        } catch (Throwable failure) {
            endReadTransaction(connection, failure);
            throw failure;
        }
        endReadTransaction(connection, null);
        return summary;
    }

    /**
     * Ends the dump's own read transaction and turns auto-commit back on. After a failed dump, a failure here (often
     * caused by the first one, e.g. a closed connection) is added to it as suppressed rather than replacing it.
     */
    private static void endReadTransaction(Connection connection, Throwable failure)
            throws SQLException {
        SQLException ending = null;
        try {
            connection.rollback();
        } catch (SQLException e) {
            ending = e;
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            if (ending == null) {
                ending = e;
            } else {
                ending.addSuppressed(e);
            }
        }
        if (ending == null) {
            return;
        }
        if (failure == null) {
            throw ending;
        }
        failure.addSuppressed(ending);
    }

    /**
     * Writes the dump with {@code PRAGMA reverse_unordered_selects} off: a caller's connection may have it on (a test
     * setting), which would turn each table's rows around, where D1 writes them in rowid (or key) order. The caller's
     * setting is put back afterwards; after a failed dump, a failure to put it back is added to it as suppressed.
     */
    private DumpSummary writeSnapshot(Connection connection, OutputStream stream) throws SQLException, IOException {
        boolean reversed;
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA reverse_unordered_selects")) {
            reversed = rs.next() && rs.getInt(1) != 0;
        }
        if (!reversed) {
            return writeInOrder(connection, stream);
        }
        setReverseUnorderedSelects(connection, false);
        DumpSummary summary;
        try {
            summary = writeInOrder(connection, stream);
        } catch (Throwable failure) {
            try {
                setReverseUnorderedSelects(connection, true);
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        setReverseUnorderedSelects(connection, true);
        return summary;
    }

    private static void setReverseUnorderedSelects(Connection connection, boolean on) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA reverse_unordered_selects=" + (on ? 1 : 0));
        }
    }

    private DumpSummary writeInOrder(Connection connection, OutputStream stream) throws SQLException, IOException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA encoding")) {
            String pragma = rs.next() ? rs.getString(1) : "UTF-8";
            textEncoding = RowReader.encodingOf(pragma);
        }
        List<TableEntry> tables = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_schema WHERE type='table' AND sql IS NOT NULL"
                     + " ORDER BY tbl_name='sqlite_sequence', rowid")) {
            while (rs.next()) {
                tables.add(new TableEntry(rs.getString(1), schemaText(rs, 2), schemaText(rs, 1)));
            }
        }
        Set<String> virtualFamily = settings.virtualTables() == VirtualTables.SKIP
                ? virtualTablesAndShadows(connection, tables) : Set.of();
        List<String> skipped = new ArrayList<>();
        List<TableEntry> chosen = new ArrayList<>();
        for (TableEntry table : tables) {
            if (!selected(table.filterName())) {
                continue;
            }
            // D1's order: sqlite_sequence and statistics tables are written before anything is refused (even a
            // virtual table of such a name), and a virtual table refused before its own _cf_ tables are left out,
            // so one named _cf_x fails too.
            if (table.name().equals("sqlite_sequence") || isStatisticsTable(table.name())) {
                chosen.add(table);
            } else if (virtualFamily.contains(table.name())) {
                skipped.add(table.name());
            } else if (table.isVirtual()) {
                throw new ExportFailedException(VIRTUAL_TABLE_MESSAGE, null,
                        ErrorDetails.none().withHint(VIRTUAL_TABLE_HINT));
            } else if (!isInternal(table.name())) {
                chosen.add(table);
            }
        }

        // Before the first byte: a table whose rows cannot be selected fails the export with nothing written.
        Map<String, List<String>> rowColumns = new HashMap<>();
        if (!settings.noData()) {
            for (TableEntry table : chosen) {
                rowColumns.put(table.name(), rowColumns(connection, table.name(), textEncoding == RowReader.UTF8));
            }
        }

        out = new Utf8Output(stream, 1 << 16);
        reported = -1;
        nextCheckAt = CHECK_EVERY_BYTES;
        out.ascii(HEADER);
        try {
            if (settings.lossless()) {
                realProbe = connection.prepareStatement("SELECT CAST(?1 AS REAL)");
            }
            for (TableEntry table : chosen) {
                writeTable(connection, table, rowColumns.get(table.name()));
                checkpoint();
            }
        } finally {
            if (realProbe != null) {
                realProbe.close();
            }
        }
        List<String> skippedTriggers = new ArrayList<>();
        List<String> skippedIndexes = new ArrayList<>();
        if (!settings.noSchema()) {
            writeOtherObjects(connection, virtualFamily, skippedTriggers, skippedIndexes);
        }
        out.flush();
        checkpoint();
        return new DumpSummary(out.count(), rows, inexact, skipped, skippedTriggers, skippedIndexes);
    }

    /** Tells the byte count, once per count: after the last table and at the end it is often the same. */
    private void reportProgress() {
        long count = out.count();
        if (count != reported) {
            reported = count;
            progress.accept(count);
        }
    }

    private boolean selected(String name) {
        return settings.tables().isEmpty() || settings.tables().contains(name);
    }

    /** workerd's own tables and SQLite's, except the two D1 exports. */
    private static boolean isInternal(String name) {
        if (name.startsWith("_cf_")) {
            return true;
        }
        return name.startsWith("sqlite_") && !name.equals("sqlite_sequence") && !isStatisticsTable(name);
    }

    /**
     * Whether D1 takes the table for one of SQLite's statistics tables ({@code sqlite_stat1}...), written as
     * {@code ANALYZE sqlite_schema;} plus its rows. D1's test is the regular expression {@code /^sqlite_stat./}: one
     * more character after the prefix, which JavaScript's {@code .} takes to be anything but a line terminator. A
     * table named {@code sqlite_stat} alone is then just another {@code sqlite_} table, left out.
     */
    static boolean isStatisticsTable(String name) {
        if (!name.startsWith("sqlite_stat") || name.length() == "sqlite_stat".length()) {
            return false;
        }
        char next = name.charAt("sqlite_stat".length());
        return next != '\n' && next != '\r' && next != '\u2028' && next != '\u2029';
    }

    private void writeTable(Connection connection, TableEntry table, List<String> columns)
            throws SQLException, IOException {
        String name = table.name();
        if (!settings.noSchema()) {
            out.write((byte) '\n');
            if (name.equals("sqlite_sequence")) {
                out.ascii("DELETE FROM sqlite_sequence;");
            } else if (isStatisticsTable(name)) {
                out.ascii("ANALYZE sqlite_schema;");
            } else {
                out.text(createStatement(table.sql()));
            }
        }
        if (!settings.noData()) {
            writeRows(connection, name, columns);
        }
    }

    /** D1's CREATE text: the stored SQL, with {@code IF NOT EXISTS} when it contains {@code CREATE TABLE '} or {@code "}. */
    static String createStatement(String sql) {
        if (QUOTED_CREATE.matcher(sql).find()) {
            String rest = sql.substring(13);
            if (!rest.isEmpty() && Character.isLowSurrogate(rest.charAt(0))) {
                // D1 cuts 13 UTF-16 units, whatever the text starts with: a cut inside a surrogate pair leaves its
                // second half, which reaches the dump as three bytes that are not UTF-8, read back as three U+FFFD
                // (wrangler 4.86). SQLite writes "CREATE TABLE " itself, so only a schema edited by hand gets here.
                rest = "\uFFFD\uFFFD\uFFFD" + rest.substring(1);
            }
            return "CREATE TABLE IF NOT EXISTS " + rest + ";";
        }
        return sql + ";";
    }

    /**
     * The columns a table's INSERTs carry, refusing a table whose rows cannot be selected by name: its own name or a
     * column's is not valid UTF-8, so it decodes to a name that matches nothing. A table with such a column name but
     * no row has nothing to select, as in D1: its list is empty.
     *
     * @param utf8Database whether the database's text is UTF-8: only there can a stored name be bytes that are not
     *                     (SQLite stores a UTF-16 database's schema translated, bytes that are not UTF-8 as U+FFFD)
     */
    private static List<String> rowColumns(Connection connection, String table, boolean utf8Database)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> notUtf8 = new ArrayList<>();
        // The PRAGMA statement, not the pragma_table_info() function: a table of that name would hide the function.
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.table_info(" + quoteIdentifier(table) + ")")) {
            while (rs.next()) {
                // The name's stored bytes, read before any String: in a UTF-16 database they are UTF-16 (a name
                // beyond ASCII is no UTF-8 there), so only a UTF-8 database's are checked.
                byte[] utf8 = utf8Database ? rs.getBytes("name") : null;
                if (utf8 != null && !Utf8Output.isWellFormed(utf8)) {
                    notUtf8.add(quoteIdentifier(Utf8Output.escapeIllFormed(utf8)));
                }
                columns.add(rs.getString("name"));
            }
        }
        if (columns.isEmpty()) {
            // Every table has a column, so its name did not survive decoding (bytes that are not UTF-8): its rows
            // cannot be selected by name. D1's export fails here too ('near "FROM": syntax error'); failing is
            // better than a dump that silently has the table without its rows.
            throw new ExportFailedException("Cannot export the rows of table " + quoteIdentifier(table)
                    + ": its name is not valid UTF-8, so it cannot be selected by name (D1's export fails on it too)",
                    null, ErrorDetails.none().withHint("rename the table, or leave it out with a table filter"));
        }
        if (!notUtf8.isEmpty() && !hasRows(connection, table)) {
            // No row, so no value the name could stand in for: D1's SELECT finds nothing and writes no INSERT, and
            // neither does the dump (the decoded names are not selected: SQLite may not take them for strings).
            return List.of();
        }
        if (!notUtf8.isEmpty()) {
            // The decoded name matches no column, so SQLite takes the double-quoted identifier for a string: D1's
            // dump (wrangler's too) holds the column's name in place of its values, in every row, without a word.
            boolean one = notUtf8.size() == 1;
            throw new ExportFailedException("Cannot export the rows of table " + quoteIdentifier(table) + ": the "
                    + (one ? "name of its column " : "names of its columns ") + String.join(", ", notUtf8)
                    + (one ? " is" : " are") + " not valid UTF-8, so " + (one ? "it" : "they") + " cannot be selected"
                    + " by name (SQLite would read the quoted name as a string, and the dump would hold the name in"
                    + " place of the values, as D1's does)", null, ErrorDetails.none().withHint("rename the column,"
                            + " or leave the table out with a table filter, or export the schema alone with no-data"));
        }
        return columns;
    }

    /** Whether the table has a row; its name selects it (it has columns). */
    private static boolean hasRows(Connection connection, String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM main." + quoteIdentifier(table) + " LIMIT 1")) {
            return rs.next();
        }
    }

    /** Writes the table's INSERTs; none for an empty column list (a table {@link #rowColumns} found no row in). */
    private void writeRows(Connection connection, String table, List<String> columns)
            throws SQLException, IOException {
        if (columns.isEmpty()) {
            return;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder prefix = new StringBuilder("\nINSERT INTO ").append(quoteIdentifier(table)).append(' ');
        if (settings.columnList()) {
            prefix.append('(');
        }
        for (int i = 0; i < columns.size(); i++) {
            String column = quoteIdentifier(columns.get(i));
            select.append(i == 0 ? "" : ",").append(column);
            if (settings.columnList()) {
                prefix.append(i == 0 ? "" : ",").append(column);
            }
        }
        if (settings.columnList()) {
            prefix.append(") ");
        }
        prefix.append("VALUES(");
        // main. as the PRAGMA above: unqualified, a caller's TEMP table of the same name would be read instead.
        select.append(" FROM main.").append(quoteIdentifier(table));
        byte[] rowStart = bytes(prefix.toString());
        int n = columns.size();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(select.toString())) {
            RowReader row = RowReader.of(st, rs, n, textEncoding);
            while (row.next()) {
                out.write(rowStart);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.write((byte) ',');
                    }
                    writeValue(row, i);
                }
                out.write(ROW_END);
                if (++rows % CHECK_EVERY_ROWS == 0 || out.count() >= nextCheckAt) {
                    checkpoint();
                }
            }
        }
    }

    private void checkpoint() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ExportCancelledException("Export was interrupted");
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new ExportTimeoutException("Export did not finish within its timeout");
        }
        nextCheckAt = out.count() + CHECK_EVERY_BYTES;
        reportProgress();
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private void writeValue(RowReader row, int i) throws IOException, SQLException {
        switch (row.type(i)) {
            case RowReader.INTEGER -> writeInteger(row.integer(i));
            case RowReader.REAL -> writeReal(row.real(i));
            case RowReader.TEXT -> {
                byte[] utf8 = row.utf8(i);
                byte[] units = row.illFormedUtf16Units(i);
                if (units != null) {
                    writeIllFormedUtf16(utf8, units);
                } else if (!out.quotedUtf8(utf8)) {
                    writeUtf8Text(utf8);
                }
            }
            case RowReader.BLOB -> out.blob(row.blob(i));
            default -> out.write(NULL);
        }
    }

    /**
     * A statement's stored SQL, decoded as D1 decodes it: in a UTF-8 database from its bytes (see
     * {@link JsUtf8Decoder}), so that bytes that are not UTF-8 in a default value or a view come out as in D1's dump.
     */
    private String schemaText(ResultSet rs, int column) throws SQLException {
        if (textEncoding != RowReader.UTF8) {
            return rs.getString(column);
        }
        byte[] utf8 = rs.getBytes(column);
        return utf8 == null ? null : JsUtf8Decoder.decode(utf8);
    }

    /** A text value whose bytes need more than quoting: line breaks, a NUL, or bytes that are not UTF-8. */
    private void writeUtf8Text(byte[] utf8) throws IOException {
        if (Utf8Output.isWellFormed(utf8)) {
            if (settings.lossless() && hasMoreNulsThan(utf8, MAX_CHAR0_NULS)) {
                // A NUL is one D1's format cannot carry (counted once, as writeText counts it).
                inexact++;
                castText(utf8);
                return;
            }
            writeText(new String(utf8, StandardCharsets.UTF_8));
            return;
        }
        // Not UTF-8 (CAST(x'ff' AS TEXT), char(55296)): D1 reads it as JavaScript does, every ill-formed part a
        // U+FFFD, so the value does not survive its format; the lossless form keeps the very bytes.
        long counted = inexact;
        if (settings.lossless()) {
            castText(utf8);
        } else {
            writeText(JsUtf8Decoder.decode(utf8));
        }
        inexact = counted + 1;
    }

    /**
     * Writes {@code CAST(X'..' AS TEXT)}: SQLite reads the bytes as text in the loading database's encoding, which
     * for D1 is UTF-8, so the bytes are UTF-8 (or, for ill-formed UTF-16, its units in UTF-8's form) whatever the
     * source database's encoding.
     */
    private void castText(byte[] utf8) throws IOException {
        out.ascii("CAST(");
        out.blob(utf8);
        out.ascii(" AS TEXT)");
    }

    /** Whether the UTF-8 bytes hold more than {@code max} NULs (in UTF-8 a zero byte is only ever a NUL). */
    private static boolean hasMoreNulsThan(byte[] utf8, int max) {
        int nuls = 0;
        for (byte b : utf8) {
            if (b == 0 && ++nuls > max) {
                return true;
            }
        }
        return false;
    }

    /**
     * A text value of a UTF-16 database that is not well-formed UTF-16: D1 reads it through SQLite's translation
     * (see {@link Utf16Translation}), so it does not survive; the lossless form keeps its code units.
     */
    private void writeIllFormedUtf16(byte[] translated, byte[] units) throws IOException {
        long counted = inexact;
        if (settings.lossless()) {
            castText(units);
        } else {
            writeText(JsUtf8Decoder.decode(translated));
        }
        inexact = counted + 1;
    }

    private void writeInteger(long v) throws IOException {
        if (v <= (1L << 53) && v >= -(1L << 53)) {
            // JavaScript prints every integer up to 2^53 exactly.
            out.decimal(v);
            return;
        }
        // Beyond 2^53 JavaScript prints the digits of the nearest double, padded with zeros (below 1e21, as every
        // long is): the text is exact when those digits times their power of ten are the integer itself.
        ShortestDecimal js = ShortestDecimal.of(Math.abs((double) v));
        long magnitude = js.significand();
        for (int e = 0; e < js.exponent(); e++) {
            magnitude *= 10;
        }
        // Unsigned: the magnitude may be 2^63 (for Long.MIN_VALUE and its neighbours), which as a long is negative.
        boolean exact = magnitude == (v < 0 ? -v : v);
        if (!exact) {
            inexact++;
        }
        if (settings.lossless()) {
            out.decimal(v);
        } else {
            out.jsNumber((double) v);
        }
    }

    private void writeReal(double d) throws IOException, SQLException {
        if (Double.isInfinite(d)) {
            inexact++;
            if (settings.lossless()) {
                out.ascii(d > 0 ? "9e999" : "-9e999");
            } else {
                out.ascii(d > 0 ? "Infinity" : "-Infinity");
            }
            return;
        }
        if (!settings.lossless()) {
            out.jsNumber(d);
            return;
        }
        number.setLength(0);
        JsNumberFormat.append(d, number);
        if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
            number.setLength(0);
            number.append("-0");
        }
        if (!containsAny(number, '.', 'e')) {
            // Keeps the value REAL when read back: "3" would come back as INTEGER.
            number.append(".0");
        }
        if (!(Math.abs(d) < TWO_POW_53 && d == Math.rint(d)) && !sqliteReadsBack(number, d)) {
            exactReal(d);
            return;
        }
        out.ascii(number);
    }

    /**
     * Whether SQLite turns this text into exactly this double. Its text-to-REAL conversion is not correctly rounded
     * (SQLite 3.51 reads {@code 9.999999999999999e-301} one unit off, and so for about one double in six), so lossless
     * mode asks it.
     */
    private boolean sqliteReadsBack(CharSequence text, double d) throws SQLException {
        realProbe.setString(1, text.toString());
        try (ResultSet rs = realProbe.executeQuery()) {
            return rs.next() && Double.doubleToRawLongBits(rs.getDouble(1)) == Double.doubleToRawLongBits(d);
        }
    }

    /**
     * Writes a finite double as exact binary arithmetic SQLite evaluates without rounding: an integer significand
     * of at most 53 bits, made REAL, scaled by integer powers of two (2^62 at most per step, so every literal is an
     * exact INTEGER). Scaling by a power of two is exact whenever the result is representable, which it is.
     */
    private void exactReal(double d) throws IOException {
        long bits = Double.doubleToRawLongBits(d);
        int biased = (int) ((bits >>> 52) & 0x7FF);
        long significand = bits & 0xFFFFFFFFFFFFFL;
        int exponent;
        if (biased == 0) {
            exponent = -1074;
        } else {
            significand |= 1L << 52;
            exponent = biased - 1075;
        }
        int zeros = Long.numberOfTrailingZeros(significand);
        significand >>= zeros;
        exponent += zeros;
        out.ascii("(CAST(");
        out.decimal(d < 0 ? -significand : significand);
        out.ascii(" AS REAL)");
        char op = exponent < 0 ? '/' : '*';
        for (int remaining = Math.abs(exponent); remaining > 0; ) {
            int step = Math.min(remaining, 62);
            out.write((byte) op);
            out.decimal(1L << step);
            remaining -= step;
        }
        out.write((byte) ')');
    }

    private static boolean containsAny(CharSequence s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return true;
            }
        }
        return false;
    }

    private void writeText(String s) throws IOException {
        boolean hasNul = s.indexOf(0) >= 0;
        if (hasNul) {
            // A raw NUL ends SQLite's string token, so D1's statement does not load.
            inexact++;
        }
        TextLiteral d1 = TextLiteral.d1(s);
        if (d1 == TextLiteral.PLAIN) {
            out.quoted(s, null, null, hasNul && settings.lossless());
            return;
        }
        if (!hasNul && !d1.decodesTo(s)) {
            inexact++;
        }
        TextLiteral literal = settings.lossless() ? TextLiteral.lossless(s) : d1;
        if (literal.lf() != null) {
            out.write(REPLACE_OPEN);
        }
        if (literal.cr() != null) {
            out.write(REPLACE_OPEN);
        }
        out.quoted(s, literal.cr(), literal.lf(), hasNul && settings.lossless());
        if (literal.cr() != null) {
            out.ascii(",'");
            out.text(literal.cr());
            out.ascii("',char(13))");
        }
        if (literal.lf() != null) {
            out.ascii(",'");
            out.text(literal.lf());
            out.ascii("',char(10))");
        }
    }

    /**
     * Indexes, triggers and views, leaving out those on a skipped table (an index or trigger on a shadow table: the
     * table is not in the dump) and triggers whose body uses one (such as the usual FTS sync triggers on an ordinary
     * table): the reloaded database would fail on their first firing. Each one left out is listed, as its table is.
     */
    private void writeOtherObjects(Connection connection, Set<String> skippedTables, List<String> skippedTriggers,
            List<String> skippedIndexes) throws SQLException, IOException {
        SqlNameReferences skippedNames = new SqlNameReferences(skippedTables);
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, tbl_name, sql, type FROM sqlite_schema"
                     + " WHERE type IN ('index','trigger','view') AND sql IS NOT NULL"
                     + " ORDER BY type COLLATE NOCASE, rowid")) {
            while (rs.next()) {
                String name = rs.getString(1);
                // The filter names it as D1 decodes it (see TableEntry).
                if (!selected(schemaText(rs, 1))) {
                    continue;
                }
                boolean trigger = "trigger".equals(rs.getString(4));
                if (skippedTables.contains(rs.getString(2))) {
                    (trigger ? skippedTriggers : skippedIndexes).add(name);
                    continue;
                }
                String sql = schemaText(rs, 3);
                if (trigger) {
                    Optional<String> uses = skippedNames.firstIn(sql);
                    if (uses.isPresent()) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "Left out trigger " + name + ": it uses skipped table "
                                + uses.get());
                        skippedTriggers.add(name);
                        continue;
                    }
                }
                out.write((byte) '\n');
                out.text(sql);
                out.ascii(settings.lossless() ? statementEnd(sql) : ";");
            }
        }
    }

    /**
     * What ends a stored statement so that it reads back. SQLite keeps the text of a {@code CREATE VIEW} or
     * {@code CREATE INDEX} up to the end of its input, so one run without a {@code ;} can end inside a comment, where
     * D1's plain {@code ;} is no end: a {@code -- line comment} runs on into the next statement (a syntax error), an
     * open {@code /*} swallows every statement after it without a word. A line comment is ended by a newline; a block
     * comment has to be closed, as the {@code sqlite3} shell's {@code .dump} does (the reloaded text then has the
     * {@code *}{@code /}, and an index's the newline: SQLite keeps it in an index's text, not in a view's).
     */
    static String statementEnd(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i + 2);
                if (end < 0) {
                    return "\n;";
                }
                i = end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return "*/;";
                }
                i = end + 2;
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                // A doubled quote inside is two quoted parts in a row, so skipping to each next quote is enough.
                int end = sql.indexOf(c == '[' ? ']' : c, i + 1);
                i = end < 0 ? n : end + 1;
            } else {
                i++;
            }
        }
        return ";";
    }

    /** Every virtual table and each of its shadow tables. */
    private static Set<String> virtualTablesAndShadows(Connection connection, List<TableEntry> tables) {
        Set<String> names = new HashSet<>();
        for (TableEntry t : tables) {
            names.add(t.name());
        }
        Set<String> family = new LinkedHashSet<>();
        for (TableEntry t : tables) {
            if (!t.isVirtual()) {
                continue;
            }
            family.add(t.name());
            Matcher m = USING.matcher(t.sql());
            if (m.find()) {
                for (String suffix : SHADOW_SUFFIXES.getOrDefault(m.group(1).toLowerCase(Locale.ROOT), List.of())) {
                    String shadow = t.name() + "_" + suffix;
                    if (names.contains(shadow)) {
                        family.add(shadow);
                    }
                }
            }
        }
        if (!family.isEmpty()) {
            // SQLite knows the shadow tables of every module it has loaded; the list above covers the rest.
            // The PRAGMA statement: a table named pragma_table_list would stand in for the function.
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA main.table_list")) {
                while (rs.next()) {
                    if ("shadow".equals(rs.getString("type"))) {
                        family.add(rs.getString("name"));
                    }
                }
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG,
                        "PRAGMA table_list failed; shadow tables found by name only: " + e.getMessage());
            }
        }
        return family;
    }
}
