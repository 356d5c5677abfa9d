package dev.d1export.http;

/** Every case of {@link SlowDownloadTest} with an exporter given the caller's {@code HttpClient}, which then downloads. */
class SlowDownloadThroughCallersClientTest extends SlowDownloadTest {

    @Override
    CloudflareStub stub() {
        return CloudflareStub.withCallersClient(wm);
    }
}
