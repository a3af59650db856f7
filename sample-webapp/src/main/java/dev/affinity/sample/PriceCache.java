package dev.affinity.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node-local, size-bounded (least recently used) cache of base prices: the per-key state that
 * affinity routing keeps on one node. Computing a price is deliberately slow (an iterated digest).
 */
final class PriceCache {
    private static final int WORK = 200_000;

    private final Map<String, BigDecimal> prices;

    PriceCache(int capacity) {
        this.prices = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, BigDecimal> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A base price and whether it came from the cache. */
    record Lookup(BigDecimal price, boolean cached) {
    }

    Lookup basePrice(String id) {
        synchronized (prices) {
            BigDecimal known = prices.get(id);
            if (known != null) {
                return new Lookup(known, true);
            }
        }
        BigDecimal computed = compute(id);
        synchronized (prices) {
            prices.put(id, computed);
        }
        return new Lookup(computed, false);
    }

    private static BigDecimal compute(String id) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] value = id.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < WORK; i++) {
                value = digest.digest(value);
            }
            int cents = 100 + ((value[0] & 0xFF) << 8 | (value[1] & 0xFF)) % 9_900;
            return BigDecimal.valueOf(cents, 2).setScale(2, RoundingMode.UNNECESSARY);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
