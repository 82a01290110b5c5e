package io.sqe.policy.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void starMatchesAnyRunAndQuestionMarkOneCharacter() {
        assertThat(Glob.of("*").matches("")).isTrue();
        assertThat(Glob.of("*").matches("anything")).isTrue();
        assertThat(Glob.of("sales_*").matches("sales_2024")).isTrue();
        assertThat(Glob.of("sales_*").matches("sale_2024")).isFalse();
        assertThat(Glob.of("t?").matches("t1")).isTrue();
        assertThat(Glob.of("t?").matches("t12")).isFalse();
        assertThat(Glob.of("*_pii_*").matches("customer_pii_v2")).isTrue();
    }

    @Test
    void everythingElseIsLiteralAndCaseSensitive() {
        assertThat(Glob.of("a.b").matches("a.b")).isTrue();
        assertThat(Glob.of("a.b").matches("axb")).isFalse();
        assertThat(Glob.of("[x]+").matches("[x]+")).isTrue();
        assertThat(Glob.of("Orders").matches("orders")).isFalse();
        assertThat(Glob.of("\\E.*").matches("\\E.*")).isTrue();
        assertThat(Glob.of("\\E.*").matches("\\Eabc")).isFalse();
    }
}
