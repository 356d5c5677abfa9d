package dev.d1export.http.internal.json;

/** The body of the export call: the first one has no {@code current_bookmark}, every poll sends it back. */
public class ExportCall {

    /** Always {@code polling}. */
    public String outputFormat = "polling";

    /** The bookmark of the running export, absent on the first call. */
    public String currentBookmark;

    /** What to dump. */
    public DumpOptions dumpOptions;

    /** For JSON-B. */
    public ExportCall() {
    }

    /**
     * A call body.
     *
     * @param currentBookmark the bookmark, or {@code null} for the first call
     * @param dumpOptions     what to dump
     */
    public ExportCall(String currentBookmark, DumpOptions dumpOptions) {
        this.currentBookmark = currentBookmark;
        this.dumpOptions = dumpOptions;
    }
}
