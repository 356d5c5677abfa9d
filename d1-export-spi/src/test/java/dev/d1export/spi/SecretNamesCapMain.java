package dev.d1export.spi;

/**
 * Run in a child JVM by {@link DeclaredSecretsTest}: declares more secret option names than the JVM-wide registry
 * holds (which would leave a test JVM unable to declare any more), then tries one more, and prints what happened.
 */
public final class SecretNamesCapMain {

    private SecretNamesCapMain() {
    }

    /**
     * Declares the names and prints the outcome of the one past the cap.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        int declared = 0;
        try {
            for (int i = 0; i < 2000; i++) {
                ExportOption.secret("generated.s" + i);
                declared++;
            }
            System.out.println("no refusal after " + declared);
        } catch (IllegalStateException e) {
            System.out.println("refused after " + declared + ": " + e.getMessage());
        }
        // A name declared before the cap is still accepted and still masked.
        ExportOption.secret("generated.s0");
        System.out.println(ExportOptions.builder().provider("custom").target("db").option("generated.s0", "1234")
                .build());
    }
}
