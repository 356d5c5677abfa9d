package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's own TLS connection sends the signed URL's host as SNI (a server hosting many names, as an object
 * store's edge does, picks its certificate by it). Run in a child JVM that maps a dotted test name to loopback through
 * {@code jdk.net.hosts.file}: the JDK sends no SNI for {@code localhost} or an IP literal.
 */
class SniTest {

    private static final String HOST = "dump.d1-export.test";

    @TempDir
    Path dir;

    @Test
    void theHostGoesAsServerNameIndication() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + HOST,
                "-ext", "SAN=dns:" + HOST, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(keytoolOutput).isZero();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + HOST + "\n");
        Path log = dir.resolve("child.log");

        Process child = new ProcessBuilder(java, "-Djdk.net.hosts.file=" + hosts, "-cp",
                System.getProperty("java.class.path"), SniProbeMain.class.getName(), store.toString(), "changeit", HOST)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);

        assertThat(exited).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("body=over tls").contains("sni=" + HOST + "\n");
    }
}
