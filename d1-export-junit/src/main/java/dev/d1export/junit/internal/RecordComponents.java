package dev.d1export.junit.internal;

/**
 * Record test classes: an annotation on a record component lands on its field, its accessor and its canonical
 * constructor's parameter alike, though it was written for the parameter, which receives the value.
 */
public final class RecordComponents {

    private RecordComponents() {
    }

    /**
     * Whether a class is a record with a component of this name.
     *
     * @param type the class
     * @param name a field's or method's name
     * @return {@code true} for a record component's field or accessor name
     */
    public static boolean isComponent(Class<?> type, String name) {
        if (!type.isRecord()) {
            return false;
        }
        for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
