package dev.d1export.sqlite.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds which of some table names a piece of SQL (a trigger body) mentions. A mention is a whole token: a bare word,
 * or the content of a {@code "quoted"}, {@code [bracketed]}, {@code `backticked`} or {@code 'single-quoted'} name
 * (SQLite accepts the last as a name in {@code INSERT INTO 'x'}, so a string that is exactly a name counts too).
 * Matching is by SQLite's rule, ASCII case-insensitive; comments are ignored, and a name inside a longer token
 * ({@code docs_fts_log}, {@code 'docs_fts rebuilt'}) is not a mention. Immutable and thread-safe.
 */
final class SqlNameReferences {

    private final Map<String, String> byFoldedName = new HashMap<>();

    /**
     * Creates a matcher.
     *
     * @param names the names to look for
     */
    SqlNameReferences(Collection<String> names) {
        for (String name : names) {
            byFoldedName.putIfAbsent(foldAscii(name), name);
        }
    }

    /**
     * The first of the names that the SQL mentions.
     *
     * @param sql any SQL text
     * @return the name as given to the constructor, or empty if none is mentioned
     */
    Optional<String> firstIn(String sql) {
        if (byFoldedName.isEmpty()) {
            return Optional.empty();
        }
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            String token = null;
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                continue;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                StringBuilder content = new StringBuilder();
                i++;
                while (i < n) {
                    char d = sql.charAt(i++);
                    if (d == close) {
                        // A doubled quote is the quote itself (not for brackets, which cannot be escaped).
                        if (close != ']' && i < n && sql.charAt(i) == close) {
                            content.append(close);
                            i++;
                            continue;
                        }
                        break;
                    }
                    content.append(d);
                }
                token = content.toString();
            } else if (isNameChar(c)) {
                int start = i;
                while (i < n && isNameChar(sql.charAt(i))) {
                    i++;
                }
                token = sql.substring(start, i);
            } else {
                i++;
            }
            if (token != null) {
                String found = byFoldedName.get(foldAscii(token));
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    /** Characters of a bare SQLite name: ASCII letters, digits, {@code _}, {@code $}, and every non-ASCII char. */
    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }

    /** SQLite folds only ASCII letters when comparing names. */
    private static String foldAscii(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
