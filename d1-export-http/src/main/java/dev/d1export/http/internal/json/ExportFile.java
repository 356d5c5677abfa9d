package dev.d1export.http.internal.json;

/** Where a finished dump can be downloaded: {@code {"filename":..., "signed_url":...}}. */
public class ExportFile {

    /** The dump's file name as the server names it; never used as a path by itself. */
    public String filename;

    /** A pre-signed URL on another host, valid for one hour. */
    public String signedUrl;

    /** For JSON-B. */
    public ExportFile() {
    }
}
