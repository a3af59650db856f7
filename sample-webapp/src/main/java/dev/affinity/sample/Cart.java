package dev.affinity.sample;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** A session's shopping cart: quantities by sku from the {@link Catalog}. */
public final class Cart implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TreeMap<String, Integer> quantities = new TreeMap<>();

    /** Adds {@code quantity} of {@code sku}. */
    public void add(String sku, int quantity) {
        quantities.merge(sku, quantity, Integer::sum);
    }

    /** Removes {@code sku}; {@code false} if it was not in the cart. */
    public boolean remove(String sku) {
        return quantities.remove(sku) != null;
    }

    /** Quantities by sku. */
    public Map<String, Integer> items() {
        return Map.copyOf(quantities);
    }

    /** The cart's total at catalog prices. */
    public BigDecimal total() {
        return quantities.entrySet().stream()
                .map(e -> Catalog.price(e.getKey()).multiply(BigDecimal.valueOf(e.getValue())))
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }
}
