package dev.affinity.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.routing.KeyChain;
import dev.affinity.routing.PartitionKey;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nodes' key chain reads an outgoing request through the view as it reads an incoming one. */
class RequestViewTest {

    @Test
    void everyKindOfKeyIsReadFromTheOutgoingRequest() {
        KeyChain chain = KeyChain.parse("key", "path:/customers/{key}/**,param:id,header:X-Customer,cookie:customer,session", 256,
                "JSESSIONID");
        assertThat(key(chain, "http://farm/shop/customers/c%2042/orders?id=9", Map.of())).isEqualTo(PartitionKey.of("c 42"));
        assertThat(key(chain, "http://farm/shop/price?x=1&id=a%2Bb", Map.of())).isEqualTo(PartitionKey.of("a+b"));
        assertThat(key(chain, "http://farm/shop/price", Map.of("x-customer", List.of("h1")))).isEqualTo(PartitionKey.of("h1"));
        assertThat(key(chain, "http://farm/shop/", Map.of("Cookie", List.of("theme=dark; customer=\"c7\"")))).isEqualTo(PartitionKey.of("c7"));
        assertThat(key(chain, "http://farm/shop/", Map.of("Cookie", List.of("JSESSIONID=abc.node2")))).isEqualTo(new PartitionKey("abc", "node2"));
        assertThat(key(chain, "http://farm/shop/", Map.of())).isNull();
    }

    @Test
    void cookiePairsThatAreNoCookiesAreLeftOutAndOtherMethodsAreRefused() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Cookie", List.of("novalue; =x; ok=1;$bad name=2")), (n, v) -> true);
        assertThat(RequestView.cookies(headers)).extracting(Cookie::getName).containsExactly("ok");
        HttpServletRequest view = RequestView.of("GET", URI.create("http://farm/"), headers, "");
        assertThatThrownBy(view::getInputStream).isInstanceOf(UnsupportedOperationException.class);
    }

    private static PartitionKey key(KeyChain chain, String uri, Map<String, List<String>> headers) {
        return chain.extract(RequestView.of("GET", URI.create(uri), HttpHeaders.of(headers, (n, v) -> true), "/shop"));
    }
}
