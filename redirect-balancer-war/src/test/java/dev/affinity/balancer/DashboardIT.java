package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.access.AdminSignature;
import dev.affinity.testing.DashboardPage;
import dev.affinity.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The farm dashboard of the balancer WAR on Jetty, in headless Chromium: it shows the three nodes
 * serving with their sessions and an even share of the keys, a node's requests per second once it
 * serves, and a node that drains as draining, down for the balancer, with no key.
 */
class DashboardIT {
    private final BackendFarm farm = new BackendFarm();

    @AfterEach
    void stop() throws Exception {
        farm.close();
    }

    @Test
    void showsTheNodesTheirLoadAndADrainingOne(@TempDir Path work) throws Exception {
        Path config = farm.startWithBalancerFile(work, nodes -> """
                {
                  "members": [%s],
                  "key": "param:customer",
                  "health": {"interval": "100ms", "timeout": "500ms", "rise": 1, "fall": 1},
                  "balancer-dashboard": {"enabled": true}
                }
                """.formatted(BackendFarm.entries(nodes)), "a", "b", "c");
        List<BackendNode> nodes = farm.nodes();
        String dashboard = farm.balancer(config, work).resolve("/balancer/dashboard").toString();
        WebDriver browser = HeadlessChromium.start();
        try {
            browser.get(dashboard);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            DashboardPage page = new DashboardPage(browser, "default");
            wait.until(b -> page.column("state").equals(List.of("serving", "serving", "serving")));
            assertThat(page.column("balancer")).containsOnly("up").hasSize(3);
            assertThat(page.column("sessions")).containsOnly(String.valueOf(BackendNode.SESSIONS)).hasSize(3);
            assertThat(page.column("share")).hasSize(3)
                    .allSatisfy(share -> assertThat(Double.parseDouble(share.replace(" %", ""))).isBetween(25.0, 42.0));

            HttpClient client = HttpClient.newHttpClient();
            BackendNode busy = nodes.get(0);
            wait.until(b -> {
                send(client, busy);
                return Double.parseDouble(page.cell(busy.name(), "local").replace("–", "0")) > 0;
            });

            BackendNode drained = nodes.get(1);
            wait.until(b -> page.pressed(drained.name(), "drain"));
            wait.until(b -> page.cell(drained.name(), "state").equals("draining") && page.cell(drained.name(), "share").equals("0.0 %"));
            String balancerState = wait.until(b -> page.cell(drained.name(), "balancer"));
            assertThat(balancerState).isEqualTo("draining");
            assertThat(browser.getCurrentUrl()).as("back on the dashboard after the press").isEqualTo(dashboard);

            wait.until(b -> page.pressed(drained.name(), "undrain"));
            wait.until(b -> page.cell(drained.name(), "state").equals("serving") && !page.cell(drained.name(), "share").equals("0.0 %"));
        } finally {
            browser.quit();
        }
    }

    @Test
    void theDrainRelayAnswersOnlyTheDashboardsOwnPostsForMembers(@TempDir Path work) throws Exception {
        Path config = farm.startWithBalancerFile(work, nodes -> """
                {"members": [%s], "key": "param:customer", "balancer-dashboard": {"enabled": true}}
                """.formatted(BackendFarm.entries(nodes)), "a");
        BackendNode node = farm.node("a");
        URI relay = farm.balancer(config, work).resolve("/balancer/dashboard/drain");
        HttpClient client = HttpClient.newHttpClient();

        assertThat(client.send(HttpRequest.newBuilder(relay).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        HttpResponse<String> crossSite = client.send(form(relay, "node=a&action=drain").header("Origin", "http://elsewhere.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("dashboard's own page");
        assertThat(client.send(form(relay, "node=nobody&action=drain").build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("current member");
        assertThat(client.send(form(relay, "node=a&action=reboot").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(400);
        assertThat(client.send(HttpRequest.newBuilder(node.baseUrl().resolve("/affinity/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no refused call reached the node").isEqualTo(200);

        HttpResponse<String> drained = client.send(form(relay, "node=a&action=drain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(drained.statusCode()).isEqualTo(303);
        assertThat(drained.headers().firstValue("Location")).hasValue("/balancer/dashboard");
        assertThat(client.send(HttpRequest.newBuilder(node.baseUrl().resolve("/affinity/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("draining");
        assertThat(node.adminHeader()).as("without a secret the call is unsigned").isNull();
    }

    @Test
    void aBalancerWithTheFarmSecretSignsTheRelayedCall(@TempDir Path work) throws Exception {
        String secret = "dashboard-relay-secret-0123456789";
        Path config = farm.startWithBalancerFile(work, nodes -> """
                {"members": [%s], "key": "param:customer", "secret": "%s", "balancer-dashboard": {"enabled": true}}
                """.formatted(BackendFarm.entries(nodes), secret), "a");
        BackendNode node = farm.node("a");
        URI relay = farm.balancer(config, work).resolve("/balancer/dashboard/drain");

        HttpResponse<String> drained = HttpClient.newHttpClient().send(form(relay, "node=a&action=drain").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(drained.statusCode()).isEqualTo(303);
        AdminSignature nodeCheck = new AdminSignature(secret, Duration.ofSeconds(30), System::currentTimeMillis);
        assertThat(nodeCheck.verify(node.adminHeader(), "drain", "a")).as(node.adminHeader()).isTrue();
        assertThat(new AdminSignature("another-farm-secret-0123456789", Duration.ofSeconds(30), System::currentTimeMillis)
                .verify(node.adminHeader(), "drain", "a")).isFalse();
    }

    private static HttpRequest.Builder form(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static void send(HttpClient client, BackendNode node) {
        try {
            client.send(HttpRequest.newBuilder(node.baseUrl().resolve("/shop")).build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
