package dev.affinity.session.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The allow-list patterns and both codecs: values round-trip; other classes are refused, never built. */
public class CodecTest {
    private static final ClassLoader LOADER = CodecTest.class.getClassLoader();
    private static final int MAX_BYTES = 4096;
    /** The poisoned record: an {@code ArrayList} of four nulls, 62 bytes, whose size field claims 99,000,000 elements. */
    public static final String POISONED_LIST = "aced0005737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473697a6578"
            + "7005e69ec07704000000047070707078";

    @Test
    void patternsMatchClassesPackagesSubPackagesAndPrefixes() {
        AllowList list = new AllowList("java.util.*;com.example.**;org.shop.Cart;org.shop.Item*", MAX_BYTES);
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
        JavaSerializationCodec codec = new JavaSerializationCodec(new AllowList("java.lang.*;java.util.*", MAX_BYTES), LOADER);
        List<String> cart = new ArrayList<>(List.of("apple", "pear"));
        assertThat(codec.decode(codec.encode(cart))).isEqualTo(cart);
        byte[] flag = codec.encode(new AtomicBoolean(true));
        assertThatThrownBy(() -> codec.decode(flag)).isInstanceOf(RefusedClassException.class)
                .hasMessageContaining("java.util.concurrent.atomic.AtomicBoolean");
    }

    @Test
    void jsonRoundTripsAllowedValuesAndRefusesOthers() throws Exception {
        JsonCodec codec = new JsonCodec(new AllowList("java.lang.*;java.util.*", MAX_BYTES), LOADER);
        assertThat(codec.decode(codec.encode("hello"))).isEqualTo("hello");
        assertThat(codec.decode(codec.encode(42))).isEqualTo(42);
        byte[] flag = codec.encode(new AtomicBoolean(true));
        assertThatThrownBy(() -> codec.decode(flag)).isInstanceOf(RefusedClassException.class);
    }

    @Test
    void aSmallPayloadCannotClaimAHugeAllocationNorExceedTheSizeLimit() throws Exception {
        JavaSerializationCodec codec = new JavaSerializationCodec(new AllowList("java.lang.*;java.util.*", MAX_BYTES), LOADER);
        byte[] poisoned = HexFormat.of().parseHex(POISONED_LIST);
        assertThat(poisoned).hasSize(62);
        assertThatThrownBy(() -> codec.decode(poisoned)).isInstanceOf(RefusedClassException.class);

        List<Object> deep = new ArrayList<>();
        List<Object> level = deep;
        for (int i = 0; i < AllowList.MAX_DEPTH + 5; i++) {
            List<Object> next = new ArrayList<>();
            level.add(next);
            level = next;
        }
        byte[] nested = codec.encode(deep);
        assertThatThrownBy(() -> codec.decode(nested)).as("nested deeper than maxdepth").isInstanceOf(RefusedClassException.class);
        assertThatThrownBy(() -> codec.encode("x".repeat(MAX_BYTES))).as("not written when over max-bytes")
                .hasMessageContaining("serialization.max-bytes");
        assertThatThrownBy(() -> codec.decode(new byte[MAX_BYTES + 1])).hasMessageContaining("serialization.max-bytes");

        JsonCodec json = new JsonCodec(new AllowList("java.lang.*;java.util.*", MAX_BYTES), LOADER);
        byte[] deepJson = ("{\"type\":\"java.util.ArrayList\",\"value\":" + "[".repeat(40) + "]".repeat(40) + "}").getBytes();
        assertThatThrownBy(() -> json.decode(deepJson)).as("JSON nested deeper than maxdepth").hasMessageContaining("depth");
    }
}
