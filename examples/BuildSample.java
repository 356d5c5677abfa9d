import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Builds a SQLite file from a SQL script with sqlite-jdbc, for machines without the sqlite3 shell. Run by
 * build-sample.sh as a single-file program: {@code java -cp sqlite-jdbc.jar BuildSample.java <script.sql> <db>}.
 */
public final class BuildSample {

    private BuildSample() {
    }

    /**
     * Runs the script's statements, in order, in one transaction.
     *
     * @param args the SQL script and the database file to create
     * @throws Exception if the script or the database fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildSample <script.sql> <database file>");
        }
        String script = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + args[1]);
             Statement statement = db.createStatement()) {
            db.setAutoCommit(false);
            for (String sql : statements(script)) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("Statement failed: " + sql, e);
                }
            }
            db.commit();
        }
    }

    /** Splits a script on the semicolons that end statements: outside quotes and after comments are removed. */
    private static java.util.List<String> statements(String script) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                current.append('\n');
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                quote = c == '[' ? ']' : c;
                current.append(c);
            } else if (c == ';') {
                String sql = current.toString().trim();
                if (!sql.isEmpty()) {
                    out.add(sql);
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().trim());
        }
        return out;
    }
}
