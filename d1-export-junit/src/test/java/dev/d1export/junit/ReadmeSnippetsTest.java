package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of the project README and of the READMEs one folder down (the modules', such as
 * {@code d1-export-testkit/README.md}, and {@code examples/README.md}) compiles against the current API, so the
 * examples cannot drift from it unnoticed. The blocks are compiled with the JDK's compiler ({@code --release 17})
 * against this test's class path, which holds everything they use: the SPI, this extension, the testkit, JUnit
 * Jupiter and AssertJ. This module is the one whose tests have all of them; the build also runs its tests on JUnit 6
 * and on JUnit 5.10, so the examples are checked against those too.
 *
 * <p>How a block becomes Java source:
 * <ul>
 *   <li>A block whose fence is indented (inside a list item) loses that indentation.</li>
 *   <li>{@code { ... }}, a body the README leaves out, becomes an empty body {@code { }}. Any other {@code ...} is
 *       compiled as written (and fails).</li>
 *   <li>A block that declares a type (a line starting with {@code class}, {@code interface}, {@code record},
 *       {@code enum} or {@code @interface}, after modifiers) is a compilation unit. If it has {@code import} lines
 *       of its own it is compiled exactly as written, so its imports must be complete; otherwise the
 *       {@linkplain #IMPORTS fixed imports} are put before it.</li>
 *   <li>Any other block is a fragment: statements, put in the body of {@code void snippet() throws Exception} of a
 *       class that has the fixed imports and the two names the README's fragments take from the text around them:
 *       {@code FakeD1Server d1} (the server of the FakeD1Server section) and {@code Path dir} (a {@code @TempDir}).
 *       </li>
 *   <li>{@code BackupJob}, the reader's own code under test in the examples, is a stand-in compiled beside every
 *       block: constructors taking a URL or an {@code Exporter}, and {@code run(Path)}.</li>
 *   <li>A use of deprecated API fails too (javac's deprecation and removal warnings count as errors): the README
 *       should show the API to use.</li>
 *   <li>A block that must not be compiled (one that shows a mistake, say) is marked {@code ```java no-compile};
 *       GitHub still shows it as Java. Use it sparingly.</li>
 * </ul>
 * A block that appears in several READMEs word for word (the module READMEs repeat sections of the project README)
 * is compiled once. A failure names the README and line of the block and of each error, with the compiler's message.
 */
class ReadmeSnippetsTest {

    /** Every module of this build is a folder beside the project README (this test also runs from two of them). */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** The imports a block without imports of its own gets. */
    static final List<String> IMPORTS = List.of(
            "import static org.assertj.core.api.Assertions.assertThat;",
            "import dev.d1export.junit.*;",
            "import dev.d1export.spi.*;",
            "import dev.d1export.testkit.*;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.time.Duration;",
            "import java.util.List;",
            "import java.util.Map;",
            "import org.junit.jupiter.api.*;",
            "import org.junit.jupiter.api.extension.RegisterExtension;",
            "import org.junit.jupiter.api.io.TempDir;");

    private static final String STAND_IN = String.join("\n",
            "/** The reader's own code under test in the README's examples. */",
            "class BackupJob {",
            "    BackupJob(String url) { }",
            "    BackupJob(dev.d1export.spi.Exporter exporter) { }",
            "    void run(java.nio.file.Path file) { }",
            "}",
            "");

    private static final Pattern FENCE = Pattern.compile("^( *)```java(?:[ \\t]+(.*))?$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "(?m)^\\s*(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+[A-Za-z_$][\\w$]*");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^\\s*public\\s+(?:(?:abstract|final|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s");

    /** A {@code ```java} block: where it starts (the line after its fence), its text and whether to compile it. */
    record Block(String readme, int firstLine, String text, boolean compile) {
        String where() {
            return readme + ":" + (firstLine - 1);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompiles() throws IOException {
        Map<String, List<Block>> distinct = new LinkedHashMap<>();
        for (Block block : blocks()) {
            if (block.compile()) {
                distinct.computeIfAbsent(block.text(), text -> new ArrayList<>()).add(block);
            }
        }
        assertThat(distinct).as("java blocks to compile in the READMEs").isNotEmpty();
        return distinct.values().stream().map(same -> DynamicTest.dynamicTest(
                same.stream().map(Block::where).collect(Collectors.joining(", ")), () -> assertCompiles(same)));
    }

    @Test
    void findsTheBlocksOfTheProjectReadme() throws IOException {
        List<Block> project = blocks().stream().filter(block -> block.readme().equals("README.md")).toList();
        String text = Files.readString(ROOT.resolve("README.md"));
        assertThat(project).as("the project README's java blocks, indented ones too").hasSize(count(text, "```java"));
    }

    @Test
    void readsTheRulesAsTheJavadocSaysAndNamesTheLineOfAnError() {
        String readme = String.join("\n",
                "Text.", "", "  ```java", "  Exporter exporter = D1Export.open(\"d1:mine:x\");", "  exporter.nope();",
                "  ```", "```java no-compile", "broken(", "```", "```java", "class A { void a() { ... } }", "```", "");
        List<Block> blocks = blocksOf("X.md", readme);
        assertThat(blocks).extracting(Block::firstLine).containsExactly(4, 8, 11);
        assertThat(blocks).extracting(Block::compile).containsExactly(true, false, true);
        assertThat(blocks.get(2).text()).isEqualTo("class A { void a() { } }\n");

        assertThat(errors(blocks.get(0))).hasSize(1).first().asString()
                .startsWith("X.md:5: ").contains("nope").contains("exporter.nope();");
        assertThat(errors(blocks.get(2))).isEmpty();

        // A class with imports of its own gets none: they must be complete. One without gets the fixed ones.
        List<Block> classes = blocksOf("Y.md", String.join("\n",
                "```java", "import java.util.List;", "", "class B { List<Path> paths; }", "```",
                "```java", "class C { List<Path> paths; }", "```", ""));
        assertThat(errors(classes.get(0))).hasSize(1).first().asString().startsWith("Y.md:4: ").contains("Path");
        assertThat(errors(classes.get(1))).isEmpty();

        assertThat(errors(blocksOf("W.md", "```java\nInteger boxed = new Integer(1);\n```\n").get(0)))
                .as("deprecated API").hasSize(1).first().asString().startsWith("W.md:2: ").contains("removal");

        assertThatThrownBy(() -> blocksOf("Z.md", "```java\nclass D { }\n"))
                .hasMessageContaining("Z.md:1: the ```java block is never closed");
    }

    private static List<Block> blocks() throws IOException {
        List<Path> readmes = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(readmes::add);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path readme : readmes) {
            blocks.addAll(blocksOf(ROOT.relativize(readme).toString().replace('\\', '/'), Files.readString(readme)));
        }
        return blocks;
    }

    static List<Block> blocksOf(String readme, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i).stripTrailing());
            if (!fence.matches()) {
                continue;
            }
            String indent = fence.group(1);
            boolean compile = fence.group(2) == null || !List.of(fence.group(2).split("\\s+")).contains("no-compile");
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
                        .append('\n');
            }
            if (i == lines.size()) {
                fail(readme + ":" + start + ": the ```java block is never closed");
            }
            blocks.add(new Block(readme, start + 1, text.toString().replace("{ ... }", "{ }"), compile));
        }
        return blocks;
    }

    private static void assertCompiles(List<Block> same) {
        List<String> errors = errors(same.get(0));
        if (!errors.isEmpty()) {
            fail("The ```java block at " + same.stream().map(Block::where).collect(Collectors.joining(", "))
                    + " does not compile against the current API:\n" + String.join("\n", errors));
        }
    }

    /**
     * The compiler's errors (and warnings: deprecation and removal) for a block, each as {@code README:line: message}
     * and the line's text.
     */
    static List<String> errors(Block block) {
        String text = block.text();
        boolean declaresTypes = TYPE_DECLARATION.matcher(text).find();
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        if (!(declaresTypes && IMPORT.matcher(text).find())) {
            before.addAll(IMPORTS);
        }
        if (!declaresTypes) {
            before.addAll(List.of("class ReadmeFragment {", "    FakeD1Server d1;", "    Path dir;",
                    "    void snippet() throws Exception {"));
            after.addAll(List.of("    }", "}"));
        }
        Matcher publicType = PUBLIC_TYPE.matcher(text);
        String name = publicType.find() ? publicType.group(1) : "ReadmeBlock";
        String source = String.join("\n", before) + (before.isEmpty() ? "" : "\n") + text + String.join("\n", after);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("the JDK's compiler (is this a JRE?)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        InMemorySource snippet = new InMemorySource(name, source);
        List<InMemorySource> sources = new ArrayList<>(List.of(snippet));
        if (!text.matches("(?s).*\\bclass\\s+BackupJob\\b.*")) {
            sources.add(new InMemorySource("BackupJob", STAND_IN));
        }
        List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:deprecation,removal",
                "-classpath", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            compiler.getTask(null, new DiscardingOutput(files), diagnostics, options, null, sources).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        List<String> sourceLines = source.lines().toList();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE || d.getKind() == Diagnostic.Kind.OTHER) {
                continue;
            }
            int line = (int) d.getLineNumber();
            String where;
            String shown = "";
            if (d.getSource() != null && d.getSource().toUri().equals(snippet.toUri()) && line >= 1) {
                int inBlock = line - before.size();
                boolean inText = inBlock >= 1 && inBlock <= text.lines().count();
                where = inText ? block.readme() + ":" + (block.firstLine() + inBlock - 1)
                        : block.where() + " (the test's wrapping, line " + line + ")";
                shown = "\n    " + sourceLines.get(line - 1).strip();
            } else {
                where = (d.getSource() == null ? "javac" : d.getSource().getName()) + ":" + line;
            }
            errors.add(where + ": " + d.getMessage(Locale.ROOT) + shown);
        }
        return errors;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static final class InMemorySource extends SimpleJavaFileObject {
        private final String code;

        InMemorySource(String className, String code) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    /** Only whether the blocks compile matters: the class files go nowhere. */
    private static final class DiscardingOutput extends ForwardingJavaFileManager<JavaFileManager> {
        DiscardingOutput(JavaFileManager files) {
            super(files);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                    kind) {
                @Override
                public OutputStream openOutputStream() {
                    return OutputStream.nullOutputStream();
                }
            };
        }
    }
}
