package dev.d1export.cli.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which signal is ending the process, so that the {@code --json} object printed on the way out gives the status the
 * process really ends with (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP). A JDK shutdown hook cannot tell; so the
 * CLI handles the three signals the JDK turns into a shutdown itself, records the first one and then exits exactly as
 * the JDK's own handler ({@code java.lang.Terminator}) does, with {@code 128 + the signal's number}, running the
 * shutdown hooks.
 *
 * <p>Process-wide by nature (signals are); installed by {@link dev.d1export.cli.Main#main}, never when the command is
 * embedded. Where a signal cannot be handled (the JVM runs with {@code -Xrs}, the signal is ignored, or the platform
 * has no such signal) the JDK's behaviour stays, and {@link #status()} stays empty.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}, which the CLI's module requires and every JDK image has)
 * is reached by reflection, as JLine does, so that the build has no warning about internal API; should the class be
 * missing all the same, the JDK's handling stays.
 */
public final class SignalStatus {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicInteger STATUS = new AtomicInteger(-1);

    private SignalStatus() {
    }

    /** Installs the handlers for SIGINT, SIGTERM and SIGHUP, once per process. */
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
                        switch (method.getName()) {
                            case "handle":
                                exit(128 + (int) number.invoke(args[0]));
                                return null;
                            case "toString":
                                return "d1-export signal status";
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "equals":
                                return proxy == args[0];
                            default:
                                throw new UnsupportedOperationException(method.toString());
                        }
                    });
            for (String name : new String[] {"INT", "TERM", "HUP"}) {
                try {
                    handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
                } catch (InvocationTargetException unavailable) {
                    // -Xrs, or no such signal here (IllegalArgumentException): the JDK keeps its default handling.
                }
            }
        } catch (ReflectiveOperationException | LinkageError | SecurityException noSignalApi) {
            // No sun.misc.Signal after all: the JDK's handling stays; the JSON then says 130 for any signal.
        }
    }

    /**
     * The status the process is ending with because of a signal.
     *
     * @return {@code 128 + the number} of the first of SIGINT, SIGTERM or SIGHUP that arrived; empty before (and
     *         when embedded)
     */
    public static OptionalInt status() {
        int value = STATUS.get();
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static void exit(int signalStatus) {
        // The first signal decides, as it does for the JDK: a later one blocks in System.exit until the shutdown
        // that the first one started halts the process with its status.
        STATUS.compareAndSet(-1, signalStatus);
        System.exit(signalStatus);
    }
}
