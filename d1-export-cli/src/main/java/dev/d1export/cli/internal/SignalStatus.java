package dev.d1export.cli.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which signal is ending the process, so that the {@code --json} object printed on the way out gives the status the
 * process really ends with (130 for SIGINT, 143 for SIGTERM). A JDK shutdown hook cannot tell; so the CLI handles
 * SIGINT and SIGTERM itself, records the signal and then exits exactly as the JDK's own handler does, with
 * {@code 128 + the signal's number}, running the shutdown hooks.
 *
 * <p>Process-wide by nature (signals are); installed only by the process entry point, never when the command is
 * embedded. Where a signal cannot be handled (the JVM runs with {@code -Xrs}, or the platform has no such signal) the
 * JDK's behaviour stays, and {@link #status()} stays empty.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached by reflection, as JLine does, so that the
 * build has no warning about internal API and a runtime without it simply keeps the JDK's handling.
 */
public final class SignalStatus {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static volatile int status = -1;

    private SignalStatus() {
    }

    /** Installs the handlers for SIGINT and SIGTERM, once per process. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method number = signalClass.getMethod("getNumber");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(SignalStatus.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            exit(128 + (int) number.invoke(args[0]));
                            return null;
                        }
                        // toString, hashCode, equals of the proxy itself.
                        return method.getName().equals("toString") ? "d1-export signal status"
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : proxy == args[0];
                    });
            for (String name : new String[] {"INT", "TERM"}) {
                try {
                    handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
                } catch (InvocationTargetException unavailable) {
                    // -Xrs, or no such signal here (IllegalArgumentException): the JDK keeps its default handling.
                }
            }
        } catch (ReflectiveOperationException | LinkageError | SecurityException noSignalApi) {
            // No jdk.unsupported in this runtime: the JDK's handling stays; the JSON then says 130 for any signal.
        }
    }

    /**
     * The status the process is ending with because of a signal.
     *
     * @return {@code 128 + the signal's number} once SIGINT or SIGTERM arrived, empty before (and when embedded)
     */
    public static OptionalInt status() {
        int value = status;
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static void exit(int signalStatus) {
        // As java.lang.Terminator does: the signal's conventional status, through the normal shutdown.
        status = signalStatus;
        System.exit(signalStatus);
    }
}
