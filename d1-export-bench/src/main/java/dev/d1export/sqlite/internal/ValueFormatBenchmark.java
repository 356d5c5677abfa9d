package dev.d1export.sqlite.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the dump's value formatter, so that regressions show: JavaScript number printing
 * ({@link JsNumberFormat}) and the UTF-8 literal writer ({@link Utf8Output}) for integers, strings and blobs. Each
 * benchmark formats {@value #N} values into a discarding stream; the score is per value (ns/op).
 *
 * <p>It lives in the formatter's package because {@link Utf8Output} is package-private; the benchmark jar runs on the
 * class path, where that is allowed. Defaults are for a full run; run-benchmarks.sh shortens them in quick mode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValueFormatBenchmark {

    private static final int N = 1024;

    private final double[] shortReals = new double[N];
    private final double[] longReals = new double[N];
    private final double[] bigIntegralReals = new double[N];
    private final long[] integers = new long[N];
    private final String[] asciiTexts = new String[N];
    private final String[] unicodeTexts = new String[N];
    private final String[] multilineTexts = new String[N];
    private final byte[][] smallBlobs = new byte[N][];
    private final byte[][] largeBlobs = new byte[N][];
    private final StringBuilder number = new StringBuilder(32);
    private Utf8Output out;

    /** Fills the inputs with fixed pseudo-random values (same seed every run). */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            // Prices and measures: at most 15 significant digits, the fast path.
            shortReals[i] = random.nextInt(1_000_000) / 100.0;
            // Results of arithmetic: 16-17 significant digits, the exact (BigDecimal) path.
            longReals[i] = random.nextDouble() * 1000 / 7.0;
            // Integral values beyond 2^53, printed in exponent or long plain form.
            bigIntegralReals[i] = Math.scalb(1.0 + random.nextDouble(), 60 + random.nextInt(20));
            integers[i] = random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
            asciiTexts[i] = "customer-" + i + " o'brien " + Long.toHexString(random.nextLong());
            unicodeTexts[i] = "Zürich – café № " + i + " 東京 😀";
            multilineTexts[i] = "line one " + i + "\nline two\r\nline three";
            smallBlobs[i] = new byte[16];
            random.nextBytes(smallBlobs[i]);
            largeBlobs[i] = new byte[1024];
            random.nextBytes(largeBlobs[i]);
        }
        out = new Utf8Output(OutputStream.nullOutputStream(), 1 << 16);
    }

    /**
     * Doubles with at most 15 significant digits, e.g. {@code 1234.56}.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long numberShortReal() throws IOException {
        return reals(shortReals);
    }

    /**
     * Doubles needing 16-17 significant digits, e.g. {@code 142.85714285714286}.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long numberLongReal() throws IOException {
        return reals(longReals);
    }

    /**
     * Integral doubles beyond 2^53, e.g. {@code 1152921504606846976} or {@code 1.2089258196146292e+24}.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long numberBigIntegralReal() throws IOException {
        return reals(bigIntegralReals);
    }

    /**
     * INTEGER values within 2^53, written as plain decimals.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long numberInteger() throws IOException {
        for (long v : integers) {
            out.decimal(v);
        }
        return out.count();
    }

    /**
     * ASCII text with a quote to double.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long stringAscii() throws IOException {
        for (String s : asciiTexts) {
            out.quoted(s, null, null, false);
        }
        return out.count();
    }

    /**
     * Text with 2-, 3- and 4-byte UTF-8 characters.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long stringUnicode() throws IOException {
        for (String s : unicodeTexts) {
            out.quoted(s, null, null, false);
        }
        return out.count();
    }

    /**
     * Text with CR and LF: D1's markers chosen, then the quoted literal (the replace() wrappers are constant).
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long stringMultiline() throws IOException {
        for (String s : multilineTexts) {
            TextLiteral literal = TextLiteral.d1(s);
            out.quoted(s, literal.cr(), literal.lf(), false);
        }
        return out.count();
    }

    /**
     * 16-byte blobs (UUID-sized) as {@code X'..'}.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long blobSmall() throws IOException {
        for (byte[] b : smallBlobs) {
            out.blob(b);
        }
        return out.count();
    }

    /**
     * 1 KiB blobs as {@code X'..'}.
     *
     * @return the bytes written so far, returned so that JMH consumes the work
     * @throws IOException never: the output discards what it is given
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long blobLarge() throws IOException {
        for (byte[] b : largeBlobs) {
            out.blob(b);
        }
        return out.count();
    }

    private long reals(double[] values) throws IOException {
        for (double v : values) {
            number.setLength(0);
            JsNumberFormat.append(v, number);
            out.ascii(number);
        }
        return out.count();
    }
}
