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
import org.eclipse.jetty.alpn.client.ALPNClientConnectionFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * Hazelcast is an optional dependency: a client built without {@code hazelcast(...)} loads and
 * routes with only the client's required dependencies on the class path (no Hazelcast, no
 * session-backup), as a caller that reads the ring endpoint has them; the wrapper of Jetty's client
 * with Jetty's client jars besides.
 */
class WithoutHazelcastTest {

    @Test
    void aClientOfTheRingEndpointNeedsNoHazelcast() throws Throwable {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b"));
             URLClassLoader withoutHazelcast = withoutHazelcast()) {
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

    @Test
    void theJettyClientOfTheRingEndpointNeedsNoHazelcast() throws Throwable {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b"));
             URLClassLoader withoutHazelcast = withoutHazelcast(org.eclipse.jetty.client.HttpClient.class, HttpFields.class, EndPoint.class,
                     Callback.class, ALPNClientConnectionFactory.class, Logger.class)) {
            Class<?> jettyType = withoutHazelcast.loadClass(org.eclipse.jetty.client.HttpClient.class.getName());
            Class<?> requestType = withoutHazelcast.loadClass(Request.class.getName());
            Class<?> responseType = withoutHazelcast.loadClass(ContentResponse.class.getName());
            Class<?> fieldsType = withoutHazelcast.loadClass(HttpFields.class.getName());
            Class<?> clientType = withoutHazelcast.loadClass(AffinityJettyClient.class.getName());
            Class<?> builderType = withoutHazelcast.loadClass(AffinityJettyClient.Builder.class.getName());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object jetty = lookup.findConstructor(jettyType, methodType(void.class)).invoke();
            lookup.findVirtual(jettyType, "start", methodType(void.class)).invoke(jetty);
            try {
                Object builder = lookup.findStatic(clientType, "builder", methodType(builderType, jettyType, URI.class)).invoke(jetty, farm.node("a"));
                farm.awaitAgreement();
                try (AutoCloseable client = (AutoCloseable) lookup.findVirtual(builderType, "build", methodType(clientType)).invoke(builder)) {
                    for (String key : KEYS.subList(0, 10)) {
                        Object request = lookup.findVirtual(jettyType, "newRequest", methodType(requestType, URI.class))
                                .invoke(jetty, URI.create("http://farm/app/price?id=" + key));
                        Object answer = lookup.findVirtual(clientType, "send", methodType(responseType, requestType)).invoke(client, request);
                        assertThat((int) lookup.findVirtual(responseType, "getStatus", methodType(int.class)).invoke(answer)).isEqualTo(200);
                        Object headers = lookup.findVirtual(responseType, "getHeaders", methodType(fieldsType)).invoke(answer);
                        assertThat(lookup.findVirtual(fieldsType, "get", methodType(String.class, String.class)).invoke(headers, AffinityHttpClient.NODE_HEADER))
                                .as(key).isEqualTo(farm.owner(key));
                    }
                }
            } finally {
                lookup.findVirtual(jettyType, "stop", methodType(void.class)).invoke(jetty);
            }
        }
    }

    /** A class loader of the client's required jars and those of {@code more} classes, with neither Hazelcast nor session-backup. */
    private static URLClassLoader withoutHazelcast(Class<?>... more) {
        URL[] jars = Stream.concat(Stream.of(requiredJars()), Stream.of(more).map(WithoutHazelcastTest::jarOf)).distinct().toArray(URL[]::new);
        URLClassLoader loader = new URLClassLoader(jars, ClassLoader.getPlatformClassLoader());
        assertThatThrownBy(() -> loader.loadClass("com.hazelcast.core.HazelcastInstance")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loader.loadClass("dev.affinity.session.SharedHazelcast")).isInstanceOf(ClassNotFoundException.class);
        return loader;
    }

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Where the client's classes and its required dependencies were loaded from: the client, affinity-core, the Servlet API and Jackson. */
    private static URL[] requiredJars() {
        return Stream.of(AffinityHttpClient.class, Ring.class, HttpServletRequest.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)
                .map(WithoutHazelcastTest::jarOf).distinct().toArray(URL[]::new);
    }
}
