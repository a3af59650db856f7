package dev.affinity.it.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One shopper with its own session: counts its visits, adds cart items and asks for prices, in turn
 * through every entry point (each node, and for GETs the redirect balancer too), and checks after
 * each answer that nothing it was promised went back, got lost or was applied twice.
 *
 * <p>Each request that changes the session carries an {@code Idempotency-Key} of its own, which the
 * shop remembers in the session with the change. A request is sent again, with the same key, to the
 * next entry point when: the connection was refused (no process listens: the request reached no
 * one; counted as a retry); the answer was a {@code 503} with {@code Retry-After} (the session's
 * backup could not be read yet, nothing was done) or a {@code 429} with {@code Retry-After} (the
 * entry node already had {@code forward.max-per-client} forwards in progress for this machine, whose
 * shoppers all share 127.0.0.1, among them forwards whose shopper gave up waiting: nothing was
 * forwarded); the connection was cut after the request was
 * sent (the entry node died with the request in flight; its effect is unknown, counted as lost in
 * flight); no answer came within a minute (counted as unanswered); or a POST got a 5xx (the owner died with the body sent). So every change is answered,
 * and applied exactly once: each count is the previous one plus one, and the cart holds exactly the
 * items added. A request is tried at most {@value #MAX_ATTEMPTS} times, and after a {@code 503} or
 * {@code 429} the next attempt waits for the {@code Retry-After} the node gave, as an HTTP client
 * should: a shopper so waits out a failover however long it takes on a busy machine (sending again at
 * once, it gave up after six attempts in a few milliseconds while a killed node's partitions moved).
 */
final class ShopClient implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SKUS = List.of("apple", "pear", "bread", "tea", "coffee");
    /**
     * How long a shopper waits for an answer before it gives up and sends the request again: well
     * above the farms' longest budget (a sync write's 10 s in the rolling restart), so that a slow
     * answer on a busy machine is not taken for a cut connection.
     */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    /**
     * How many times a request is tried before the shopper reports that no entry point took it: with
     * the {@code Retry-After} second waited after each {@code 503} or {@code 429}, tens of seconds,
     * so a failover that takes longer on a busy machine is waited for, not counted against the farm.
     */
    private static final int MAX_ATTEMPTS = 30;
    /** The longest {@code Retry-After} honoured, in seconds. */
    private static final int MAX_RETRY_AFTER_SECONDS = 5;

    private final String name;
    private final List<String> nodes;
    private final List<String> entries;
    private final LoadReport report;
    private final BooleanSupplier running;
    /**
     * A connection gets as long as an answer: no node of a load test is frozen (a stopped or killed
     * node's port refuses at once), and a connection the JDK client gives up after 2 s on a loaded
     * machine ({@code HttpConnectTimeoutException}, an {@code HttpTimeoutException}) would count as a
     * request without an answer for a minute.
     */
    private final HttpClient http = SessionHttp.newClient(ANSWER_WITHIN);
    private final Predicate<String> inRotation;
    private final Pace pace;

    private final Map<String, Integer> added = new HashMap<>();
    private int entry;
    private int sent;
    private int lastCount;
    private String lastNode;
    private String lastRoute = "";

    /**
     * @param nodes    the nodes' base URLs (POSTs enter here)
     * @param balancer the balancer's base URL (GETs may enter here too)
     */
    ShopClient(String name, int firstEntry, List<String> nodes, String balancer, LoadReport report, BooleanSupplier running, Pace pace) {
        this(name, firstEntry, nodes, balancer, report, running, pace, base -> true);
    }

    /**
     * @param inRotation whether an entry point is in rotation now (as a load balancer in front of
     *                   the nodes keeps a draining node out): others are skipped while one is
     */
    ShopClient(String name, int firstEntry, List<String> nodes, String balancer, LoadReport report, BooleanSupplier running, Pace pace,
               Predicate<String> inRotation) {
        this.inRotation = inRotation;
        this.pace = pace;
        this.name = name;
        this.entry = firstEntry;
        this.nodes = nodes;
        this.entries = new ArrayList<>(nodes);
        this.entries.add(balancer);
        this.report = report;
        this.running = running;
    }

    @Override
    public void run() {
        for (int step = 0; running.getAsBoolean(); step++) {
            try {
                pace.awaitSlot();
                switch (step % 4) {
                    case 0, 2 -> countVisit();
                    case 1 -> addItem(SKUS.get((step / 4) % SKUS.size()));
                    default -> askPrice(step);
                }
                if (step % 20 == 19) {
                    checkCart();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                report.violation(name + ": " + e);
            }
        }
    }

    /** The final check, once the farm is whole again: every acknowledged item is in the cart. */
    void finish() throws InterruptedException {
        checkCart();
    }

    private void countVisit() throws InterruptedException {
        report.counterReads.incrementAndGet();
        JsonNode body = get("/counter", entries);
        if (body == null) {
            return;
        }
        int count = body.get("count").asInt();
        if (count != lastCount + 1) {
            report.violation(name + ": counter went from " + lastCount + " to " + count + " on " + body.get("node").asText()
                    + " after " + lastNode + " (" + lastRoute + ")");
        }
        lastCount = count;
        noteNode(body);
    }

    private void addItem(String sku) throws InterruptedException {
        report.itemsAdded.incrementAndGet();
        HttpResponse<String> response = send(HttpRequest.newBuilder()
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"quantity\":1}"))
                .header("Content-Type", "application/json"), "/cart/items", nodes);
        if (response == null) {
            return;
        }
        if (response.statusCode() != 200) {
            report.violation(name + ": POST /cart/items answered " + response.statusCode() + " " + response.body());
            return;
        }
        added.merge(sku, 1, Integer::sum);
        checkItems(parse(response), "after adding " + sku);
    }

    private void askPrice(int step) throws InterruptedException {
        report.priceReads.incrementAndGet();
        JsonNode body = get("/price?id=" + name + "-" + (step % 7) + "&amount=2", entries);
        if (body != null && body.get("price").decimalValue().signum() <= 0) {
            report.violation(name + ": price " + body);
        }
    }

    private void checkCart() throws InterruptedException {
        report.cartReads.incrementAndGet();
        JsonNode body = get("/cart", entries);
        if (body != null) {
            checkItems(body, "on reading the cart");
            noteNode(body);
        }
    }

    private void checkItems(JsonNode cart, String when) {
        JsonNode items = cart.get("items");
        for (String sku : SKUS) {
            int has = items.path(sku).asInt(0);
            int expected = added.getOrDefault(sku, 0);
            if (has != expected) {
                report.violation(name + ": " + sku + " quantity " + has + " " + when + ", expected " + expected
                        + " (node " + cart.path("node").asText() + ")");
            }
        }
    }

    private void noteNode(JsonNode body) {
        String node = body.get("node").asText();
        if (lastNode != null && !lastNode.equals(node)) {
            report.failovers.incrementAndGet();
        }
        lastNode = node;
    }

    /** A GET's JSON, or {@code null} when no entry point answered it; a 5xx or other failure is reported. */
    private JsonNode get(String path, List<String> through) throws InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder().GET(), path, through);
        if (response == null) {
            return null;
        }
        if (response.statusCode() >= 500) {
            report.getServerErrors.incrementAndGet();
            report.violation(name + ": GET " + path + " answered " + response.statusCode() + " " + response.body());
            return null;
        }
        if (response.statusCode() != 200) {
            report.violation(name + ": GET " + path + " answered " + response.statusCode() + " " + response.body());
            return null;
        }
        return parse(response);
    }

    /**
     * Sends through the next entry point, and again with the same {@code Idempotency-Key} to the
     * one after it while the request may not have been applied or its answer was lost; {@code null}
     * when no entry point took it.
     */
    private HttpResponse<String> send(HttpRequest.Builder request, String path, List<String> through) throws InterruptedException {
        String key = name + "-" + sent++;
        long began = System.nanoTime();
        try {
            return sendAgainWhileUnanswered(request, path, through, key);
        } finally {
            report.latency(began, System.nanoTime());
        }
    }

    private HttpResponse<String> sendAgainWhileUnanswered(HttpRequest.Builder request, String path, List<String> through, String key)
            throws InterruptedException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String base = nextEntry(through);
            report.requests.incrementAndGet();
            lastRoute = "entered " + base;
            try {
                HttpResponse<String> response = exchange(request, URI.create(base + path), key);
                if (response.statusCode() == 303) {
                    URI location = URI.create(response.headers().firstValue("Location").orElse(""));
                    if (nodes.stream().noneMatch(node -> location.toString().startsWith(node + "/"))) {
                        report.violation(name + ": " + base + path + " redirected off the farm, to " + location);
                        return null;
                    }
                    report.requests.incrementAndGet();
                    lastRoute += ", redirected to " + location;
                    response = exchange(HttpRequest.newBuilder().GET(), location, key);
                }
                if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                    report.unavailable.incrementAndGet();
                    failureSample(response, path);
                    waitRetryAfter(response);
                    continue;
                }
                if (response.statusCode() == 429 && response.headers().firstValue("Retry-After").isPresent()) {
                    report.throttled.incrementAndGet();
                    waitRetryAfter(response);
                    continue;
                }
                if (response.statusCode() >= 500 && "POST".equals(response.request().method())) {
                    report.postServerErrors.incrementAndGet();
                    failureSample(response, path);
                    continue;
                }
                return response;
            } catch (ConnectException e) {
                report.retries.incrementAndGet();
            } catch (HttpTimeoutException e) {
                report.unanswered.incrementAndGet();
                report.failureSample("no answer within " + ANSWER_WITHIN.toSeconds() + " s", name + ": " + lastRoute + " " + path);
            } catch (IOException e) {
                report.lostInFlight.incrementAndGet();
                report.failureSample("cut in flight", name + ": " + lastRoute + " " + path + ": " + e);
            }
        }
        report.violation(name + ": no entry point took " + path + " in " + MAX_ATTEMPTS + " attempts");
        return null;
    }

    /** Waits the seconds a {@code Retry-After} asks for (at most {@value #MAX_RETRY_AFTER_SECONDS}), as an HTTP client should. */
    private static void waitRetryAfter(HttpResponse<String> response) throws InterruptedException {
        String seconds = response.headers().firstValue("Retry-After").orElse("1");
        int wait = seconds.matches("\\d{1,3}") ? Math.min(Integer.parseInt(seconds), MAX_RETRY_AFTER_SECONDS) : 1;
        Thread.sleep(wait * 1_000L);
    }

    /** Keeps {@code response}, counted against the run, as a sample: its status, who got it, where, and what it said. */
    private void failureSample(HttpResponse<String> response, String path) {
        report.failureSample(String.valueOf(response.statusCode()), name + ": " + lastRoute + " " + path + ": " + response.body().strip());
    }

    /** The next entry point in rotation, or the next one when none is. */
    private String nextEntry(List<String> through) {
        for (int i = 0; i < through.size(); i++) {
            String base = through.get(entry++ % through.size());
            if (inRotation.test(base)) {
                return base;
            }
        }
        return through.get(entry++ % through.size());
    }

    /** One exchange on a connection of its own; redirects are followed by {@link #send}, so that they too go unpooled. */
    private HttpResponse<String> exchange(HttpRequest.Builder request, URI uri, String key) throws IOException, InterruptedException {
        return SessionHttp.exchange(http, request, uri, key, ANSWER_WITHIN);
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON from " + response.uri() + ": " + response.body(), e);
        }
    }
}
