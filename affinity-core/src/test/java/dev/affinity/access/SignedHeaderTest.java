package dev.affinity.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The form of the toolkit's signed headers: written and read back, anything else refused; freshness either way of the clock. */
class SignedHeaderTest {

    @Test
    void whatIsWrittenReadsBack() {
        SignedHeader written = new SignedHeader("drain", "node-1", 1_700_000_000_000L, new HmacSha256("secret").of("text"));
        String text = written.format("action", "node");

        SignedHeader read = SignedHeader.parse(text, "action", "node").orElseThrow();

        assertThat(text).startsWith("action=drain;node=node-1;ts=1700000000000;sig=").doesNotContain("=;").doesNotEndWith("=");
        assertThat(read.first()).isEqualTo("drain");
        assertThat(read.second()).isEqualTo("node-1");
        assertThat(read.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(read.signature()).isEqualTo(written.signature());
        assertThat(SignedHeader.parse(text, "origin", "key")).as("read with other field names").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "action=drain", "action=drain;node=a;ts=1", "action=drain;node=a;ts=1;sig=AA;x=1",
            "node=a;action=drain;ts=1;sig=AA", "action=drain;node=a;ts=soon;sig=AA", "action=drain;node=a;ts=1;sig=***",
            "action=drain;node=a;sig=AA;ts=1"})
    void anythingElseIsRefused(String header) {
        assertThat(SignedHeader.parse(header, "action", "node")).isEmpty();
    }

    @Test
    void noHeaderIsRefused() {
        assertThat(SignedHeader.parse(null, "action", "node")).isEmpty();
    }

    @Test
    void freshWithinTheSkewEitherWay() {
        SignedHeader signed = new SignedHeader("a", "b", 10_000, new byte[0]);
        assertThat(signed.freshAt(10_000, 0)).isTrue();
        assertThat(signed.freshAt(15_000, 5_000)).isTrue();
        assertThat(signed.freshAt(5_000, 5_000)).isTrue();
        assertThat(signed.freshAt(15_001, 5_000)).isFalse();
        assertThat(signed.freshAt(4_999, 5_000)).isFalse();
    }
}
