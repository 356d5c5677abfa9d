package dev.d1export.http;

/** Every case of {@link CancellationTest} with an exporter given the caller's {@code HttpClient}. */
class CancellationThroughCallersClientTest extends CancellationTest {

    @Override
    CloudflareStub stub() {
        return CloudflareStub.withCallersClient(wm);
    }
}
