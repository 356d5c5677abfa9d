package dev.d1export.http.internal;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Run in a child JVM whose {@code jdk.net.hosts.file} maps a dotted test name to loopback (the JDK sends no SNI for
 * {@code localhost} or an IP literal): an HTTPS server that records the server names its clients ask for, and one
 * download from it over the exporter's own connection. Prints {@code sni=<names>} and {@code body=<text>}.
 */
public final class SniProbeMain {

    private SniProbeMain() {
    }

    /**
     * Runs the probe.
     *
     * @param args the PKCS12 key store, its password, and the host name to download from
     * @throws Exception on any failure (the parent sees the exit status and the output)
     */
    public static void main(String[] args) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            store.load(in, args[1].toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, args[1].toCharArray());
        X509ExtendedKeyManager real = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
        List<String> asked = new CopyOnWriteArrayList<>();
        X509ExtendedKeyManager recording = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                if (engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
                    for (SNIServerName name : session.getRequestedServerNames()) {
                        asked.add(new String(name.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII));
                    }
                }
                return real.chooseEngineServerAlias(keyType, issuers, engine);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return real.getClientAliases(keyType, issuers);
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return real.chooseClientAlias(keyType, issuers, socket);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return real.getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return real.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return real.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return real.getPrivateKey(alias);
            }
        };
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(new javax.net.ssl.KeyManager[] {recording}, null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            byte[] body = "over tls".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext clientTls = SSLContext.getInstance("TLS");
            clientTls.init(null, trust.getTrustManagers(), null);
            SocketDumpTransport transport = new SocketDumpTransport(() -> clientTls, Duration.ofSeconds(10), null,
                    new JdkDumpTransport(HttpClient.newHttpClient()));
            URI uri = URI.create("https://" + args[2] + ":" + server.getAddress().getPort() + "/d.sql");
            StringBuilder text = new StringBuilder();
            try (DumpResponse response = transport.get(uri, Map.of(), Duration.ofSeconds(10))) {
                List<ByteBuffer> chunk;
                while ((chunk = response.next(Duration.ofSeconds(10))) != null) {
                    for (ByteBuffer b : chunk) {
                        byte[] bytes = new byte[b.remaining()];
                        b.get(bytes);
                        text.append(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
                    }
                }
            }
            System.out.println("sni=" + String.join(",", asked));
            System.out.println("body=" + text);
        } finally {
            server.stop(0);
        }
    }
}
