package io.sqe.coordinator.ddl;

import java.util.regex.Pattern;

/** SQL LIKE patterns ({@code %}, {@code _}, backslash escape) as regular expressions. */
public final class LikePattern {
    private LikePattern() {}

    public static Pattern compile(String like) {
        StringBuilder regex = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (escaped) {
                regex.append(Pattern.quote(String.valueOf(c)));
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
