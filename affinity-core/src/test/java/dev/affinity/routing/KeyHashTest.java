package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyHashTest {

    @Test
    void matchesTheReferenceXxh64Vectors() {
        // reference values from xxhsum -H64 (xxHash's own command-line tool)
        assertThat(KeyHash.of("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(KeyHash.of("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(KeyHash.of("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
    }

    @Test
    void hashesUtf8BytesNotJavaChars() {
        assertThat(KeyHash.of("é")).isEqualTo(KeyHash.xxh64(new byte[] {(byte) 0xC3, (byte) 0xA9}));
    }

    @Test
    void keysThatCollideUnderStringHashCodeDoNotCollideHere() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(KeyHash.of("Aa")).isNotEqualTo(KeyHash.of("BB"));
    }
}
