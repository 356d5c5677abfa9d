/**
 * Provider {@code cloudflare}: exports a D1 database through the Cloudflare API's polling export, then downloads the
 * dump from the signed URL. See {@link dev.d1export.http.CloudflareExportProvider}.
 */
module dev.d1export.http {
    requires transitive dev.d1export.spi;
    requires transitive java.net.http;
    requires jakarta.json;
    requires jakarta.json.bind;
    requires org.eclipse.yasson;

    exports dev.d1export.http;

    // Yasson binds the wire types through MethodHandles.publicLookup(), which sees only packages exported or opened
    // to everyone; a qualified 'opens ... to org.eclipse.yasson' fails at run time. Opening (not exporting) keeps
    // these types out of the compile-time API.
    opens dev.d1export.http.internal.json;

    provides dev.d1export.spi.ExportProvider with dev.d1export.http.CloudflareExportProvider;
}
