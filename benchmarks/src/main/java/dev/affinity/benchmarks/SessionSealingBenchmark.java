package dev.affinity.benchmarks;

import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.serialization.AllowList;
import dev.affinity.session.serialization.JavaSerializationCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What sealing costs one attribute value of {@link CartApp}'s session, unencrypted against
 * encrypted: writing (Java serialization, then AES-GCM under the session's key) and reading
 * (authenticating and decrypting, then deserializing through the allow-list), and the bytes each
 * stores ({@link #sizes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionSealingBenchmark {
    private static final BackupProtection PROTECTION = BackupProtection.of("benchmark-secret-0123456789", Optional.empty());
    private static final String MAP_KEY = PROTECTION.mapKey("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    private static final JavaSerializationCodec CODEC = new JavaSerializationCodec(
            new AllowList("java.lang.*;java.util.*", 1 << 20), SessionSealingBenchmark.class.getClassLoader());

    /** {@code cart}: ten items, as after ten adds; {@code history}: a hundred paths. */
    @Param({"cart", "history"})
    public String value;

    private Object attribute;
    private byte[] serialized;
    private byte[] sealed;

    @Setup
    public void setUp() {
        attribute = attribute(value);
        serialized = encode(attribute);
        sealed = PROTECTION.sealValue(MAP_KEY, value, serialized);
    }

    @Benchmark
    public byte[] writeUnencrypted() throws IOException {
        return CODEC.encode(attribute);
    }

    @Benchmark
    public byte[] writeEncrypted() throws IOException {
        return PROTECTION.sealValue(MAP_KEY, value, CODEC.encode(attribute));
    }

    @Benchmark
    public Object readUnencrypted() throws IOException {
        return CODEC.decode(serialized);
    }

    @Benchmark
    public Object readEncrypted() throws Exception {
        return CODEC.decode(PROTECTION.openValue(MAP_KEY, value, sealed));
    }

    /** The bytes the map holds of {@code value}: serialized, and sealed. */
    static int[] sizes(String value) {
        byte[] plain = encode(attribute(value));
        return new int[] {plain.length, PROTECTION.sealValue(MAP_KEY, value, plain).length};
    }

    private static Object attribute(String value) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < (value.equals("cart") ? 10 : 100); i++) {
            list.add(value.equals("cart") ? "item-" + i : "/catalog/product-" + i);
        }
        return list;
    }

    private static byte[] encode(Object attribute) {
        try {
            return CODEC.encode(attribute);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
