package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BalancedRequestTest {
    private static final URI BASE = URI.create("http://10.0.0.7:8080");
    private static final String NASTY = "/\\?#@:%;.=&+ \r\n\t\u0000\u007f\"<>{}|^`'*$,!~_-aZ09é\u2028";

    @Test
    void theLocationKeepsPathAndQueryOnTheConfiguredBase() {
        assertThat(location("/shop/cart", "customer=alice&q=%3Cb%3E"))
                .isEqualTo("http://10.0.0.7:8080/shop/cart?customer=alice&q=%3Cb%3E");
        assertThat(location("/", null)).isEqualTo("http://10.0.0.7:8080/");
        assertThat(location("/@evil.example/x", "next=//evil.example")).isEqualTo("http://10.0.0.7:8080/@evil.example/x?next=//evil.example");
    }

    @Test
    void malformedPathsAndQueriesAreRejected() {
        for (String path : new String[] {"//evil.example/x", "/\\evil.example", "/a%5cb", "/a%0d%0aX:1", "/a%", "/a%4", "/a%zz",
                "evil.example/x", "/a b", "/a\"b", "/a#b", "/a?b", "/é"}) {
            assertThatThrownBy(() -> location(path, null)).as(path).isInstanceOf(MalformedRequestException.class);
        }
        for (String query : new String[] {"a=%0a", "a=%", "a=%G1", "a=b#c", "a=\\", "a=<b>", "a=b c", "x=%7F"}) {
            assertThatThrownBy(() -> location("/x", query)).as(query).isInstanceOf(MalformedRequestException.class);
        }
    }

    @Test
    void noPathOrQueryCanMoveTheTargetOffTheBase() {
        Random random = new Random(20261123L);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            String path = "/" + randomText(random);
            String query = random.nextBoolean() ? null : randomText(random);
            String location;
            try {
                location = location(path, query);
            } catch (MalformedRequestException rejected) {
                continue;
            }
            accepted++;
            URI parsed = URI.create(location);
            assertThat(parsed.getScheme()).as(location).isEqualTo("http");
            assertThat(parsed.getRawAuthority()).as(location).isEqualTo("10.0.0.7:8080");
            assertThat(parsed.getRawUserInfo()).as(location).isNull();
            assertThat(parsed.getRawPath()).as(location).isEqualTo(path);
            assertThat(parsed.getRawQuery()).as(location).isEqualTo(query);
            assertThat(parsed.getRawFragment()).as(location).isNull();
        }
        assertThat(accepted).as("inputs accepted").isGreaterThan(1000);
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(NASTY.charAt(random.nextInt(NASTY.length())));
        }
        return text.toString();
    }

    private static String location(String path, String query) {
        return BalancedRequest.of(null, path, query).locationOn(BASE);
    }
}
