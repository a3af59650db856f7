package dev.affinity.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminSignatureTest {
    private static final String SECRET = "admin-test-secret-0123456789";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final AdminSignature signatures = new AdminSignature(SECRET, Duration.ofSeconds(30), now::get);

    @Test
    void aSignatureHoldsForItsActionAndNodeWithinTheSkew() {
        String header = signatures.sign("drain", "b");
        assertThat(signatures.verify(header, "drain", "b")).isTrue();
        assertThat(signatures.signedNode(header, "drain")).contains("b");
        now.addAndGet(29_000);
        assertThat(signatures.verify(header, "drain", "b")).isTrue();
        now.addAndGet(2_000);
        assertThat(signatures.verify(header, "drain", "b")).as("expired").isFalse();
        now.addAndGet(-62_000);
        assertThat(signatures.verify(header, "drain", "b")).as("from the future").isFalse();
    }

    @Test
    void anotherActionNodeOrSecretOrATamperedHeaderIsRefused() {
        String header = signatures.sign("drain", "b");
        assertThat(signatures.verify(header, "undrain", "b")).isFalse();
        assertThat(signatures.verify(header, "drain", "a")).isFalse();
        assertThat(signatures.verify(header.replace("node=b", "node=a"), "drain", "a")).isFalse();
        assertThat(signatures.verify(header.replace("ts=", "ts=1"), "drain", "b")).isFalse();
        AdminSignature other = new AdminSignature("another-secret-0123456789", Duration.ofSeconds(30), now::get);
        assertThat(other.verify(header, "drain", "b")).isFalse();
        for (String bad : new String[] {null, "", "garbage", "action=drain;node=b;ts=x;sig=y", "action=drain;node=b;ts=1;sig=!!",
                "action=drain;node=b c;ts=1;sig=AA", header + ";extra=1"}) {
            assertThat(signatures.signedNode(bad, "drain")).as(String.valueOf(bad)).isEmpty();
        }
    }
}
