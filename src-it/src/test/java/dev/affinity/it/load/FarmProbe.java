package dev.affinity.it.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.SessionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads a node's health, status endpoints and key owners over HTTP (no cookies, no redirects). */
public final class FarmProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** {@code true} when {@code base}/affinity/health answers 200. */
    public boolean healthy(String base) {
        return fetch(base + "/affinity/health").map(response -> response.statusCode() == 200).orElse(false);
    }

    /** The health {@code node} has of {@code member} ({@code up}/{@code down}), from its status endpoint. */
    public String healthOf(String node, String member) {
        return json(node + "/affinity/status").map(status -> status.path("health").path(member).asText()).orElse("unknown");
    }

    /** The Hazelcast cluster size the session filter of {@code node} sees. */
    public int clusterSize(String node) {
        return sessionStatus(node).map(status -> status.path("clusterSize").asInt()).orElse(0);
    }

    /** Whether {@code node} sees a Hazelcast cluster of exactly {@code members} members with every backup in place ({@link SessionStatus#safeWith}). */
    public boolean safeWith(String node, int members) {
        return sessionStatus(node).map(status -> SessionStatus.safeWith(status, members)).orElse(false);
    }

    /** The session filter's status JSON of {@code node}. */
    public Optional<JsonNode> sessionStatus(String node) {
        return json(node + "/affinity/session-status");
    }

    /** The affinity filter's status JSON of {@code node}. */
    public Optional<JsonNode> status(String node) {
        return json(node + "/affinity/status");
    }

    /** {@code POST base/affinity/admin/drain} (or {@code undrain}) from this machine, which {@code admin.allow} admits by default; its state after. */
    public String drain(String base, boolean drain) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/affinity/admin/" + (drain ? "drain" : "undrain")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body()).path("state").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the node at {@code base} drains with no session and no request left. */
    public boolean drained(String base) {
        return json(base + "/affinity/admin/drain").map(state -> state.path("state").asText().equals("draining")
                && state.path("sessions").asInt() == 0 && state.path("requests").asInt() == 0).orElse(false);
    }

    /** Whether the balancer at {@code balancer} sees {@code member} draining. */
    public boolean balancerSeesDraining(String balancer, String member) {
        return json(balancer + "/balancer/status").map(status -> {
            for (JsonNode pool : status.path("pools")) {
                for (JsonNode entry : pool.path("members")) {
                    if (entry.path("name").asText().equals(member) && entry.path("draining").asBoolean()) {
                        return true;
                    }
                }
            }
            return false;
        }).orElse(false);
    }

    /** The node that serves {@code /price?id=key} when asked through {@code entry}. */
    public String ownerOf(String entry, String key) {
        return fetch(entry + "/price?id=" + key)
                .filter(response -> response.statusCode() == 200)
                .flatMap(response -> response.headers().firstValue("X-Affinity-Node"))
                .orElse("none");
    }

    /** The JSON at {@code url}, if it answers 200. */
    public Optional<JsonNode> json(String url) {
        return fetch(url).filter(response -> response.statusCode() == 200).map(response -> {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(url + " is not JSON: " + response.body(), e);
            }
        });
    }

    private Optional<HttpResponse<String>> fetch(String url) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
