package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring's JSON is read back as written, and anything else is refused rather than half read. */
class RingTest {

    @Test
    void aRingIsReadBackAsWritten() {
        Ring ring = new Ring(Ring.FORMAT, "maglev", "param:id,session", 128, "SID", "/shop", 7, "0a1b2c3d", List.of(
                new Ring.Entry(new Member("a", URI.create("http://10.0.0.1:8080"), 1), Ring.UP),
                new Ring.Entry(new Member("b", URI.create("http://10.0.0.2:8080"), 2.5), "down")));

        Ring read = Ring.parse(ring.toJson());

        assertThat(read).isEqualTo(ring);
        assertThat(read.placement()).isEqualTo(Strategy.MAGLEV);
        assertThat(read.members()).extracting(Ring.Entry::routable).containsExactly(true, false);
    }

    @Test
    void anotherFormatABadMemberOrNoMemberIsRefused() {
        assertThatThrownBy(() -> Ring.parse("{\"format\":2,\"members\":[]}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ring.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ring.parse("{\"format\":1,\"strategy\":\"rendezvous\",\"members\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without members");
        assertThatThrownBy(() -> Ring.parse("{\"format\":1,\"strategy\":\"rendezvous\",\"members\":[{\"name\":\"a\",\"url\":\"ftp://x:1\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad member");
        assertThatThrownBy(() -> Ring.parse("{\"format\":1,\"strategy\":\"nearest\",\"members\":[{\"name\":\"a\",\"url\":\"http://x:1\"}]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
