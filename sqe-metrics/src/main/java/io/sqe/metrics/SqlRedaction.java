package io.sqe.metrics;

import java.util.regex.Pattern;

/**
 * Removes secrets from SQL text before it is persisted: the value of any property or option whose name says it
 * holds a credential ({@code password = '…'}, {@code 's3.secret-access-key' = '…'}, {@code token '…'}), and bearer
 * tokens and JWTs that appear anywhere. Other literals are kept: they are what makes an audit record useful.
 */
public final class SqlRedaction {
    static final String MASK = "'****'";
    private static final Pattern CREDENTIAL_VALUE = Pattern.compile(
            "(?i)(['\"]?[\\w.-]*(?:password|passwd|secret|token|credential|access[-_.]?key|private[-_.]?key)"
                    + "[\\w.-]*['\"]?\\s*(?:=|=>|:)?\\s*)'(?:[^']|'')*'");
    private static final Pattern JWT = Pattern.compile("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");

    private SqlRedaction() {}

    public static String redact(String sql) {
        String redacted = CREDENTIAL_VALUE.matcher(sql).replaceAll("$1" + MASK.replace("$", "\\$"));
        return JWT.matcher(redacted).replaceAll("****");
    }
}
