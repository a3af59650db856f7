package dev.affinity.sample;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** The demo shop's fixed catalog. */
final class Catalog {
    static final Map<String, BigDecimal> PRICES = new TreeMap<>(Map.of(
            "apple", new BigDecimal("0.50"),
            "pear", new BigDecimal("0.75"),
            "bread", new BigDecimal("2.10"),
            "tea", new BigDecimal("4.20"),
            "coffee", new BigDecimal("7.90")));

    private Catalog() {
    }

    static boolean contains(String sku) {
        return PRICES.containsKey(sku);
    }

    static BigDecimal price(String sku) {
        return PRICES.get(sku);
    }
}
