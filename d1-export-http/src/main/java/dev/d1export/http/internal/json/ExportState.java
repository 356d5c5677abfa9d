package dev.d1export.http.internal.json;

import java.util.List;

/** The {@code result} of the export call: where the export is, its bookmark, its log lines and, at the end, the dump. */
public class ExportState {

    /** Always {@code export}. */
    public String type;

    /** {@code active} (running), {@code complete} or {@code error}; anything else also means running. */
    public String status;

    /** {@code false} means the export failed. */
    public Boolean success;

    /** The bookmark to send back as {@code current_bookmark}. */
    public String atBookmark;

    /** Log lines since the previous poll. */
    public List<String> messages;

    /** Why the export failed, with status {@code error}. */
    public String error;

    /** The dump, with status {@code complete}. */
    public ExportFile result;

    /** For JSON-B. */
    public ExportState() {
    }
}
