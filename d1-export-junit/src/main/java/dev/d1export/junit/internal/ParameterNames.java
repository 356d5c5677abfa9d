package dev.d1export.junit.internal;

import java.lang.reflect.Parameter;

/** How messages name a parameter: by its name when the class was compiled with {@code -parameters}. */
public final class ParameterNames {

    private ParameterNames() {
    }

    /**
     * {@code parameter orders of <executable>}, or without names in the class file
     * {@code parameter 2 (java.nio.file.Path) of <executable>}, rather than javac's {@code arg1}.
     *
     * @param parameter the parameter
     * @return the description
     */
    public static String describe(Parameter parameter) {
        Parameter[] all = parameter.getDeclaringExecutable().getParameters();
        int position = 0;
        while (position < all.length && !all[position].equals(parameter)) {
            position++;
        }
        String name = parameter.isNamePresent() ? parameter.getName()
                : (position + 1) + " (" + parameter.getType().getTypeName() + ")";
        return "parameter " + name + " of " + parameter.getDeclaringExecutable();
    }
}
