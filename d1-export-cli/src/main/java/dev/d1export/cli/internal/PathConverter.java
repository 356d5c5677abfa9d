package dev.d1export.cli.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -o} and {@code --token-file}: a path, refused in the command's words when the JVM could not read the
 * argument ({@link UnreadableArgument}) rather than with picocli's "cannot convert ... to interface
 * java.nio.file.Path" and the JDK's exception.
 */
public final class PathConverter implements ITypeConverter<Path> {

    /** Creates the converter; picocli calls this. */
    public PathConverter() {
    }

    @Override
    public Path convert(String value) {
        String problem = UnreadableArgument.problem("The file name", value, value);
        if (problem != null) {
            throw new TypeConversionException(problem + "; " + UnreadableArgument.hint());
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a valid file name: " + e.getReason());
        }
    }

    /**
     * The separator a path option's value ends in as typed ({@code backups/}), which makes it name a folder; read
     * from the argument, as the {@link Path} keeps no trailing separator ({@code token.txt/} reads {@code token.txt}).
     *
     * @param typed the value as typed
     * @return {@code /} or the platform's separator, or {@code null} if the value ends in neither
     */
    static String separatorAtEnd(String typed) {
        return typed.endsWith("/") ? "/" : typed.endsWith(File.separator) ? File.separator : null;
    }
}
