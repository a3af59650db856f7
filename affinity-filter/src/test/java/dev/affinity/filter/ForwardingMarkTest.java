package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.routing.MemberListParser;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ForwardingMarkTest {
    private static final String SECRET = "mark-test-secret-0123456789";
    private static final String TARGET = "/app/orders?id=42";

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final ForwardingMark marks = new ForwardingMark(SECRET, Duration.ofSeconds(30), now::get);

    @Test
    void aMarkIsValidForTheSameRequestAndKeyWithinTheSkew() {
        String mark = marks.sign("node-a", "node-b", 42L, "GET", TARGET);
        now.addAndGet(29_000);

        assertThat(mark).matches("origin=node-a;key=000000000000002a;ts=\\d+;sig=[A-Za-z0-9_-]{43}");
        assertThat(marks.isValid(mark, "node-b", 42L, "GET", TARGET)).isTrue();
    }

    @Test
    void anOriginIsANameExactlyWhenTheMemberListSaysSo() {
        Random random = new Random(7);
        String alphabet = "azAZ09-_.;= \n\u00e9/";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder origin = new StringBuilder();
            int length = random.nextInt(67);
            for (int j = 0; j < length; j++) {
                origin.append(random.nextInt(8) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
            }
            String name = origin.toString();
            assertThat(ForwardingMark.isName(name)).as(name).isEqualTo(MemberListParser.NAME.matcher(name).matches());
        }
    }

    @Test
    void aMarkIsBoundToMethodTargetKeyAndSecret() {
        String mark = marks.sign("node-a", "node-b", 42L, "GET", TARGET);
        ForwardingMark otherSecret = new ForwardingMark("other-secret-0123456789", Duration.ofSeconds(30), now::get);

        assertThat(marks.isValid(mark, "node-b", 42L, "DELETE", TARGET)).isFalse();
        assertThat(marks.isValid(mark, "node-b", 42L, "GET", TARGET + "&x=1")).isFalse();
        assertThat(marks.isValid(mark, "node-b", 43L, "GET", TARGET)).isFalse();
        assertThat(otherSecret.isValid(mark, "node-b", 42L, "GET", TARGET)).isFalse();
        assertThat(marks.isValid(mark.replace("origin=node-a", "origin=node-b"), "node-b", 42L, "GET", TARGET)).isFalse();
        assertThat(marks.isValid(mark, "node-c", 42L, "GET", TARGET)).as("at another member than it was sent to").isFalse();
    }

    @Test
    void expiredFutureAndMalformedMarksAreInvalid() {
        String mark = marks.sign("node-a", "node-b", 42L, "GET", TARGET);
        String future = marks.sign("node-a", "node-b", 42L, "GET", TARGET, now.get() + 31_000);

        assertThat(marks.isValid(future, "node-b", 42L, "GET", TARGET)).isFalse();
        now.addAndGet(31_000);
        assertThat(marks.isValid(mark, "node-b", 42L, "GET", TARGET)).isFalse();
        for (String malformed : new String[] {"", ";;;", "origin=a;key=1;ts=x;sig=y", "origin=a b;key=000000000000002a;ts=1;sig=AA",
                mark + ";extra=1", "sig=a;ts=1;key=2;origin=a", "origin=a;key=000000000000002a;ts=1;sig=%%%"}) {
            assertThat(marks.isValid(malformed, "node-b", 42L, "GET", TARGET)).as(malformed).isFalse();
        }
    }

    @Test
    void aTimestampAtEitherEndOfTheRangeIsOutsideTheSkewNotAnOverflow() {
        for (long extreme : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, -1}) {
            String mark = marks.sign("node-a", "node-b", 42L, "GET", TARGET, extreme);
            assertThat(marks.isValid(mark, "node-b", 42L, "GET", TARGET)).as("ts=" + extreme).isFalse();
            assertThat(marks.check(mark, "node-b", 42L, "GET", TARGET, List.of()).outcome()).isEqualTo(ForwardingMark.Outcome.CLOCK_SKEW);
        }
    }

    @Test
    void aCheckSaysWhyAMarkIsNotHonoured() {
        String mark = marks.sign("node-a", "node-b", 42L, "GET", TARGET);
        ForwardingMark otherSecret = new ForwardingMark("other-secret-0123456789", Duration.ofSeconds(30), now::get);
        List<String> members = List.of("node-a", "node-b", "node-c");

        assertThat(marks.check(mark, "node-b", 42L, "GET", TARGET, members))
                .isEqualTo(new ForwardingMark.Check(ForwardingMark.Outcome.VALID, "node-a", "node-b"));
        assertThat(otherSecret.check(mark, "node-b", 42L, "GET", TARGET, members).outcome()).isEqualTo(ForwardingMark.Outcome.BAD_SIGNATURE);
        assertThat(marks.check(mark, "node-b", 43L, "GET", TARGET, members).outcome()).isEqualTo(ForwardingMark.Outcome.OTHER_REQUEST);
        assertThat(marks.check("origin=a", "node-b", 42L, "GET", TARGET, members)).isEqualTo(ForwardingMark.Check.MALFORMED);
        assertThat(marks.check(mark, "node-c", 42L, "GET", TARGET, members).outcome())
                .as("another node's mark for node-b, replayed at node-c").isEqualTo(ForwardingMark.Outcome.BAD_SIGNATURE);

        String own = marks.sign("node-a", "node-c", 42L, "GET", TARGET);
        assertThat(marks.check(own, "node-a", 42L, "GET", TARGET, members))
                .as("node-a's own forward to node-c arrived at node-a: node-c's URL reaches node-a")
                .isEqualTo(new ForwardingMark.Check(ForwardingMark.Outcome.SENT_TO_OTHER_MEMBER, "node-a", "node-c"));
    }

    @Test
    void oneInstanceSignsAndChecksFromManyThreadsAtOnce() {
        boolean allValid = IntStream.range(0, 20_000).parallel()
                .allMatch(i -> marks.isValid(marks.sign("node-a", "node-b", i, "GET", TARGET + i), "node-b", i, "GET", TARGET + i));

        assertThat(allValid).isTrue();
    }
}
