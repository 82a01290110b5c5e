package io.sqe.coordinator.planner;

import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * Trino string functions that Calcite's operator libraries define with a special SQL kind, which its validator
 * then refuses to resolve from an unqualified call: {@code length}, {@code ltrim}, {@code rtrim}, {@code strpos},
 * {@code starts_with}. They are registered as functions of the root schema, so they resolve from any path.
 */
public final class StringFunctions {
    private StringFunctions() {}

    /** Adds the functions to a statement's root schema. */
    public static void register(SchemaPlus root) {
        for (String name : new String[] {"length", "ltrim", "rtrim", "strpos", "starts_with"}) {
            root.add(name, ScalarFunctionImpl.create(StringFunctions.class, javaName(name)));
        }
    }

    private static String javaName(String name) {
        return name.equals("starts_with") ? "startsWith" : name;
    }

    /** Length in characters (code points). */
    public static Long length(String value) {
        return value == null ? null : (long) value.codePointCount(0, value.length());
    }

    public static String ltrim(String value) {
        return value == null ? null : value.replaceFirst("^\\s+", "");
    }

    public static String rtrim(String value) {
        return value == null ? null : value.replaceFirst("\\s+$", "");
    }

    /** 1-based position of the first occurrence of {@code substring}, 0 when absent. */
    public static Long strpos(String value, String substring) {
        if (value == null || substring == null) {
            return null;
        }
        int index = value.indexOf(substring);
        return index < 0 ? 0L : (long) value.codePointCount(0, index) + 1;
    }

    public static Boolean startsWith(String value, String prefix) {
        return value == null || prefix == null ? null : value.startsWith(prefix);
    }
}
