package dev.d1export.http.internal.json;

/** The envelope of an answer to the export call. */
public class ExportEnvelope extends Envelope {

    /** The export's state. */
    public ExportState result;

    /** For JSON-B. */
    public ExportEnvelope() {
    }
}
