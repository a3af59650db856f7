package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForwardableTargetTest {
    private static final String ALPHABET = "aZ09-_.!~*'();:@&=+$,/?%#[]{}|\\^`\"<> \t\u00e9\u4e2dfF";

    @Test
    void aTargetIsForwardableExactlyWhenUriParsesItWithoutAFragment() {
        Random random = new Random(18);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder target = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                target.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String candidate = target.toString();
            assertThat(AffinityFilter.isForwardable(candidate)).as(candidate).isEqualTo(parsedWithoutFragment(candidate));
        }
    }

    @Test
    void commonTargetsAreForwardable() {
        assertThat(AffinityFilter.isForwardable("/price?id=customer-17&amount=2")).isTrue();
        assertThat(AffinityFilter.isForwardable("/a%20b?q=%C3%A9")).isTrue();
        assertThat(AffinityFilter.isForwardable("/a%2")).isFalse();
        assertThat(AffinityFilter.isForwardable("/a%zz")).isFalse();
        assertThat(AffinityFilter.isForwardable("/a b")).isFalse();
        assertThat(AffinityFilter.isForwardable("/a#b")).isFalse();
        assertThat(AffinityFilter.isForwardable("price")).isFalse();
    }

    /** The check as it was before its fast path: parsed by {@link URI}. */
    private static boolean parsedWithoutFragment(String target) {
        return target.startsWith("/") && AffinityFilter.parsesWithoutFragment(target);
    }
}
