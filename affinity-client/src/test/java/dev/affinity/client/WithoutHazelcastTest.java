package dev.affinity.client;

import static dev.affinity.client.AffinityHttpClientTest.KEYS;
import static dev.affinity.client.AffinityHttpClientTest.get;
import static dev.affinity.client.AffinityHttpClientTest.node;
import static java.lang.invoke.MethodType.methodType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.Ring;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast is an optional dependency: a client built without {@code hazelcast(...)} loads and
 * routes with only the client's required dependencies on the class path (no Hazelcast, no
 * session-backup), as a caller that reads the ring endpoint has them.
 */
class WithoutHazelcastTest {

    @Test
    void aClientOfTheRingEndpointNeedsNoHazelcast() throws Throwable {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b"));
             URLClassLoader withoutHazelcast = new URLClassLoader(requiredJars(), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutHazelcast.loadClass("com.hazelcast.core.HazelcastInstance")).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> withoutHazelcast.loadClass("dev.affinity.session.SharedHazelcast")).isInstanceOf(ClassNotFoundException.class);
            Class<?> clientType = withoutHazelcast.loadClass(AffinityHttpClient.class.getName());
            Class<?> builderType = withoutHazelcast.loadClass(AffinityHttpClient.Builder.class.getName());
            assertThat(clientType).isNotSameAs(AffinityHttpClient.class);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object builder = lookup.findStatic(clientType, "builder", methodType(builderType, URI.class)).invoke(farm.node("a"));
            farm.awaitAgreement();
            try (AutoCloseable client = (AutoCloseable) lookup.findVirtual(builderType, "build", methodType(clientType)).invoke(builder)) {
                for (String key : KEYS.subList(0, 10)) {
                    HttpResponse<?> answer = (HttpResponse<?>) lookup.findVirtual(clientType, "send",
                            methodType(HttpResponse.class, HttpRequest.class, HttpResponse.BodyHandler.class))
                            .invoke(client, get(key), HttpResponse.BodyHandlers.discarding());
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(node(answer)).as(key).isEqualTo(farm.owner(key));
                }
            }
        }
    }

    /** Where the client's classes and its required dependencies were loaded from: the client, affinity-core, the Servlet API and Jackson. */
    private static URL[] requiredJars() {
        return Stream.of(AffinityHttpClient.class, Ring.class, HttpServletRequest.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)
                .map(type -> type.getProtectionDomain().getCodeSource().getLocation()).distinct().toArray(URL[]::new);
    }
}
