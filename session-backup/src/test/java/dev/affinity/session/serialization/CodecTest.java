package dev.affinity.session.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The allow-list patterns and both codecs: values round-trip; other classes are refused, never built. */
class CodecTest {
    private static final ClassLoader LOADER = CodecTest.class.getClassLoader();

    @Test
    void patternsMatchClassesPackagesSubPackagesAndPrefixes() {
        AllowList list = new AllowList("java.util.*;com.example.**;org.shop.Cart;org.shop.Item*");
        assertThat(list.allows("java.util.ArrayList")).isTrue();
        assertThat(list.allows("java.util.concurrent.ConcurrentHashMap")).isFalse();
        assertThat(list.allows("com.example.deep.Thing")).isTrue();
        assertThat(list.allows("org.shop.Cart")).isTrue();
        assertThat(list.allows("org.shop.CartX")).isFalse();
        assertThat(list.allows("org.shop.ItemLine")).isTrue();
        assertThat(list.allows("javax.script.ScriptEngineManager")).isFalse();
    }

    @Test
    void javaSerializationRoundTripsAllowedValuesAndRefusesOthers() throws Exception {
        JavaSerializationCodec codec = new JavaSerializationCodec(new AllowList("java.lang.*;java.util.*"), LOADER);
        List<String> cart = new ArrayList<>(List.of("apple", "pear"));
        assertThat(codec.decode(codec.encode(cart))).isEqualTo(cart);
        byte[] flag = codec.encode(new AtomicBoolean(true));
        assertThatThrownBy(() -> codec.decode(flag)).isInstanceOf(RefusedClassException.class)
                .hasMessageContaining("java.util.concurrent.atomic.AtomicBoolean");
    }

    @Test
    void jsonRoundTripsAllowedValuesAndRefusesOthers() throws Exception {
        JsonCodec codec = new JsonCodec(new AllowList("java.lang.*;java.util.*"), LOADER);
        assertThat(codec.decode(codec.encode("hello"))).isEqualTo("hello");
        assertThat(codec.decode(codec.encode(42))).isEqualTo(42);
        byte[] flag = codec.encode(new AtomicBoolean(true));
        assertThatThrownBy(() -> codec.decode(flag)).isInstanceOf(RefusedClassException.class);
    }
}
