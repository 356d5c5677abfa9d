package dev.d1export.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Collects the values of {@code -t/--table} itself, so that {@code --table=<name>} is taken as written even when the
 * name is also an option of the command ({@code --table=-o}). picocli refuses such a value to catch a forgotten one
 * ({@code -t -o out.sql}), which stays refused when the name comes as a separate argument: that case, and a
 * {@code -t} with nothing after it, are left to picocli's own errors. Every value is collected here, not only the
 * attached ones, because picocli replaces the list the first time it fills the option itself, which would drop the
 * names collected before.
 */
public final class AttachedTableName implements IParameterPreprocessor {

    /** Creates the preprocessor; picocli calls this. */
    public AttachedTableName() {
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        if (args.isEmpty()) {
            return false;
        }
        boolean separate = " ".equals(info.get("separator"));
        String next = args.peek();
        if (separate && (commandSpec.optionsMap().containsKey(next) || next.equals("--")
                || (next.startsWith("-") && next.contains("=")
                        && commandSpec.optionsMap().containsKey(next.substring(0, next.indexOf('=')))))) {
            return false;
        }
        List<String> tables = new ArrayList<>(argSpec.<List<String>>getValue());
        tables.add(args.pop());
        argSpec.setValue(tables);
        return true;
    }
}
