package dev.d1export.testkitmain;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The JDK's own {@link HttpServerProvider} (its servers bind real ports), except that the first {@code start()} of the
 * second server it creates throws an {@link OutOfMemoryError}, as a JVM that is short of threads for a moment does,
 * before the JDK's server is asked to start (so it is left as never started; a later start is passed on). Installed in a child JVM through the JDK's system property
 * {@code com.sun.net.httpserver.HttpServerProvider} (the provider is chosen once per JVM), with
 * {@code --add-exports jdk.httpserver/sun.net.httpserver=ALL-UNNAMED} for the JDK's default provider. It records the
 * ports its servers bound, for the test to try them again.
 */
public final class StartFailingHttpServerProvider extends HttpServerProvider {

    /** The ports the created servers bound, in order of creation. */
    static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

    private final HttpServerProvider jdk;

    /**
     * Creates the provider over the JDK's default one.
     *
     * @throws ReflectiveOperationException without the {@code --add-exports} the class comment names
     */
    public StartFailingHttpServerProvider() throws ReflectiveOperationException {
        this.jdk = (HttpServerProvider) Class.forName("sun.net.httpserver.DefaultHttpServerProvider")
                .getConstructor().newInstance();
    }

    @Override
    public HttpServer createHttpServer(InetSocketAddress addr, int backlog) throws IOException {
        HttpServer server = jdk.createHttpServer(addr, backlog);
        PORTS.add(server.getAddress().getPort());
        return new StartFailing(server, PORTS.size() == 2);
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress addr, int backlog) throws IOException {
        return jdk.createHttpsServer(addr, backlog);
    }

    /** The JDK's server, whose {@code start()} fails when told to. */
    private static final class StartFailing extends HttpServer {
        private final HttpServer server;
        private boolean failStart;

        StartFailing(HttpServer server, boolean failStart) {
            this.server = server;
            this.failStart = failStart;
        }

        @Override
        public void bind(InetSocketAddress addr, int backlog) throws IOException {
            server.bind(addr, backlog);
        }

        @Override
        public void start() {
            if (failStart) {
                failStart = false;
                throw new OutOfMemoryError("unable to create native thread (injected by the test)");
            }
            server.start();
        }

        @Override
        public void setExecutor(Executor executor) {
            server.setExecutor(executor);
        }

        @Override
        public Executor getExecutor() {
            return server.getExecutor();
        }

        @Override
        public void stop(int delay) {
            server.stop(delay);
        }

        @Override
        public HttpContext createContext(String path, HttpHandler handler) {
            return server.createContext(path, handler);
        }

        @Override
        public HttpContext createContext(String path) {
            return server.createContext(path);
        }

        @Override
        public void removeContext(String path) {
            server.removeContext(path);
        }

        @Override
        public void removeContext(HttpContext context) {
            server.removeContext(context);
        }

        @Override
        public InetSocketAddress getAddress() {
            return server.getAddress();
        }
    }
}
