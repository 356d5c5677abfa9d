package dev.d1export.http;

/** Every case of {@link ResumeTest} with an exporter given the caller's {@code HttpClient}, which then downloads. */
class ResumeThroughCallersClientTest extends ResumeTest {

    @Override
    CloudflareStub stub() {
        return CloudflareStub.withCallersClient(wm);
    }
}
