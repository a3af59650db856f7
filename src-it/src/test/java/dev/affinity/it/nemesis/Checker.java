package dev.affinity.it.nemesis;

import dev.affinity.it.nemesis.History.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a history and judges it. Each client is one session that changes one thing at a time, so
 * its operations are ordered. Its last {@code incr} and its last {@code read} (made after the run, on
 * the healed farm) give the final state. Counter: every acknowledged count is above the previous one
 * (else the counter went back), and the final count lies between the increments acknowledged and those
 * acknowledged or unknown (below: acknowledged increments lost; above: some applied twice). Cart, per
 * sku: the same bounds for the final quantity, and every acknowledged cart holds at least the items
 * acknowledged so far (else it went back).
 */
final class Checker {

    /** The verdict on one history. */
    record Verdict(int clients, long operations, long acknowledged, long failed, long unknown, long acknowledgedLost,
                   long countersWentBack, long cartsWentBack, long appliedTwice, List<String> findings, Map<String, Integer> losses) {

        String summary() {
            return String.format("clients %d, operations %d: acknowledged %d, failed %d, indeterminate %d; acknowledged changes lost %d, "
                            + "counters that went back %d, carts that went back %d, changes applied twice %d",
                    clients, operations, acknowledged, failed, unknown, acknowledgedLost, countersWentBack, cartsWentBack, appliedTwice);
        }
    }

    private Checker() {
    }

    static Verdict check(List<Event> history) {
        Map<String, List<Event>> byClient = new LinkedHashMap<>();
        List<Event> faults = new ArrayList<>();
        for (Event event : history) {
            if (event.process().equals("nemesis")) {
                faults.add(event);
            } else if (!event.type().equals("invoke")) {
                byClient.computeIfAbsent(event.process(), p -> new ArrayList<>()).add(event);
            }
        }
        Tally total = new Tally(faults);
        byClient.forEach(total::client);
        return new Verdict(byClient.size(), total.operations, total.acknowledged, total.failed, total.unknown, total.lost,
                total.countersWentBack, total.cartsWentBack, total.twice, total.findings, total.losses);
    }

    /** The running counts over all clients. */
    private static final class Tally {
        private final List<Event> faults;
        long operations;
        long acknowledged;
        long failed;
        long unknown;
        long lost;
        long countersWentBack;
        long cartsWentBack;
        long twice;
        final List<String> findings = new ArrayList<>();
        final Map<String, Integer> losses = new TreeMap<>();

        Tally(List<Event> faults) {
            this.faults = faults;
        }

        void client(String client, List<Event> completions) {
            int countsAcknowledged = 0;
            int countsUnknown = 0;
            Event lastCount = null;
            List<Event> counts = new ArrayList<>();
            Map<String, Integer> itemsAcknowledged = new HashMap<>();
            Map<String, Integer> itemsUnknown = new HashMap<>();
            Map<String, Integer> shortfalls = new HashMap<>();
            Map<String, Integer> finalCart = null;
            for (Event event : completions) {
                if (!event.f().equals("read")) {
                    operations++;
                }
                switch (event.type()) {
                    case "ok" -> {
                        if (event.f().equals("read")) {
                            finalCart = cart(event.value());
                            checkCart(client, event, finalCart, itemsAcknowledged, shortfalls);
                            continue;
                        }
                        acknowledged++;
                        if (event.f().equals("incr")) {
                            countsAcknowledged++;
                            checkCount(client, event, counts);
                            counts.add(event);
                            lastCount = event;
                        } else {
                            Map<?, ?> value = (Map<?, ?>) event.value();
                            itemsAcknowledged.merge((String) value.get("sku"), 1, Integer::sum);
                            checkCart(client, event, cart(value.get("cart")), itemsAcknowledged, shortfalls);
                        }
                    }
                    case "unknown" -> {
                        unknown++;
                        if (event.f().equals("incr")) {
                            countsUnknown++;
                        } else if (event.f().equals("add")) {
                            itemsUnknown.merge((String) event.value(), 1, Integer::sum);
                        }
                    }
                    default -> failed++;
                }
            }
            if (lastCount == null || finalCart == null) {
                findings.add(client + ": no final state (last count " + lastCount + ", final cart " + finalCart + ")");
                return;
            }
            bounds(client, "count", ((Number) lastCount.value()).intValue(), countsAcknowledged, countsUnknown);
            for (String sku : NemesisClient.SKUS) {
                bounds(client, sku, finalCart.getOrDefault(sku, 0), itemsAcknowledged.getOrDefault(sku, 0),
                        itemsUnknown.getOrDefault(sku, 0));
            }
        }

        private void checkCount(String client, Event event, List<Event> earlier) {
            int count = ((Number) event.value()).intValue();
            if (earlier.isEmpty() || count > ((Number) earlier.get(earlier.size() - 1).value()).intValue()) {
                return;
            }
            countersWentBack++;
            findings.add(client + ": count " + count + " at " + event.millis() + " ms (" + event.detail() + ") after "
                    + earlier.get(earlier.size() - 1));
            for (Event lostCount : earlier) {
                if (((Number) lostCount.value()).intValue() >= count) {
                    losses.merge(faultOf(lostCount.millis()), 1, Integer::sum);
                }
            }
        }

        /** Counts a cart that went back each time its shortfall (items acknowledged but not in it) grows. */
        private void checkCart(String client, Event event, Map<String, Integer> cart, Map<String, Integer> acknowledgedSoFar,
                               Map<String, Integer> shortfalls) {
            acknowledgedSoFar.forEach((sku, quantity) -> {
                int shortfall = Math.max(0, quantity - cart.getOrDefault(sku, 0));
                int before = shortfalls.getOrDefault(sku, 0);
                shortfalls.put(sku, shortfall);
                if (shortfall > before) {
                    cartsWentBack++;
                    losses.merge(faultOf(event.millis()), shortfall - before, Integer::sum);
                    findings.add(client + ": " + sku + " " + cart.getOrDefault(sku, 0) + " < " + quantity + " acknowledged, at "
                            + event.millis() + " ms (" + event.detail() + ")");
                }
            });
        }

        /** {@code acknowledged <= actual <= acknowledged + unknown}. */
        private void bounds(String client, String what, int actual, int acknowledgedChanges, int unknownChanges) {
            if (actual < acknowledgedChanges) {
                lost += acknowledgedChanges - actual;
                findings.add(client + ": " + what + " is " + actual + " after " + acknowledgedChanges + " acknowledged changes");
            }
            if (actual > acknowledgedChanges + unknownChanges) {
                twice += actual - acknowledgedChanges - unknownChanges;
                findings.add(client + ": " + what + " is " + actual + " after " + acknowledgedChanges + " acknowledged and "
                        + unknownChanges + " indeterminate changes");
            }
        }

        /**
         * The fault a loss belongs to: the one under way at {@code millis} (from its start until the farm
         * was whole again), else the first one to start after it (with how long after the change),
         * else the last one before it.
         */
        private String faultOf(long millis) {
            Event last = null;
            for (Event fault : faults) {
                if (fault.millis() > millis) {
                    break;
                }
                last = fault;
            }
            if (last != null && !last.type().equals("whole")) {
                return label("during", last);
            }
            for (Event fault : faults) {
                if (fault.type().equals("start") && fault.millis() > millis) {
                    return label(bucket(fault.millis() - millis) + " before", fault);
                }
            }
            return last == null ? "no fault" : label("after", last);
        }

        private static String label(String when, Event fault) {
            return when + " " + fault.f() + " " + fault.key();
        }

        /** How long before a fault, in a few ranges, so that losses before the same fault group together. */
        private static String bucket(long millis) {
            return millis <= 100 ? "at most 100 ms" : millis <= 1_000 ? "at most 1 s" : millis <= 10_000 ? "at most 10 s" : "over 10 s";
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Integer> cart(Object value) {
            Map<String, Integer> cart = new HashMap<>();
            ((Map<String, ?>) value).forEach((sku, quantity) -> cart.put(sku, ((Number) quantity).intValue()));
            return cart;
        }
    }
}
