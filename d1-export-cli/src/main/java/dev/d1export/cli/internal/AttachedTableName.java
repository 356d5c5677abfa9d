package dev.d1export.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Takes the value of {@code --table=<name>} as written, even when the name is also an option of the command
 * ({@code --table=-o}): picocli refuses such a value to catch a forgotten one ({@code -t -o out.sql}), which stays
 * refused when the name comes as a separate argument.
 */
public final class AttachedTableName implements IParameterPreprocessor {

    /** Creates the preprocessor; picocli calls this. */
    public AttachedTableName() {
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        if (" ".equals(info.get("separator")) || args.isEmpty()) {
            return false;
        }
        List<String> tables = new ArrayList<>(argSpec.<List<String>>getValue());
        tables.add(args.pop());
        argSpec.setValue(tables);
        return true;
    }
}
