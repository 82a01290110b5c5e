package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A name pattern: {@code *} matches any run of characters, {@code ?} one character, everything else itself.
 * Matching is case-sensitive, like SQE names.
 */
record Glob(String pattern, Pattern regex) {
    static final Glob ANY = of("*");

    Glob {
        requireNonNull(pattern, "pattern is null");
        requireNonNull(regex, "regex is null");
    }

    static Glob of(String pattern) {
        requireNonNull(pattern, "pattern is null");
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new Glob(pattern, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
