package dev.affinity.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.spring.sample.SampleApp;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LogRecords;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.TestBudgets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter in one Boot application on embedded Jetty (and again on embedded Tomcat 10.1): both filters registered ahead of Boot's
 * own, in the {@code web.xml} order, async-supported on {@code /*}, with their {@code affinity.*}
 * settings from the command line and from {@code application-solo.yml} (nested keys, as
 * {@code session-status: enabled: true}); the application's {@code HazelcastInstance} and
 * {@code MeterRegistry} beans used by them; a bad setting stops the start naming it;
 * {@code affinity.enabled=false} registers nothing.
 */
class AffinityAutoConfigurationTest {
    /**
     * Boot's embedded Tomcat leaves its base directory behind when it stops, and a later Tomcat of the JVM
     * makes the first one's again (their {@code catalina.home}): the applications share one that JUnit
     * deletes after the last test.
     */
    @TempDir
    static Path tomcatBase;
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void registersBothFiltersInOrderWithTheirSettingsAndTheApplicationsBeans() {
        cluster = new LoopbackHazelcast(1);
        int port = FreePorts.next();
        String members = "http://127.0.0.1:" + port + ";name=solo";
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApp.class, ApplicationBeans.class).run(
                "--spring.profiles.active=solo", "--server.address=127.0.0.1", "--server.tomcat.basedir=" + tomcatBase, "--server.port=" + port,
                "--test.hazelcast.config=" + cluster.memberYaml(0),
                "--affinity.filter.members=" + members, "--affinity.filter.secret=" + cluster.secret(),
                "--affinity.session.members=" + members, "--affinity.session.secret=" + cluster.secret(),
                "--affinity.session.write-timeout=" + TestBudgets.SESSION_BACKUP_WRITE_AND_READ,
                "--affinity.session.read-timeout=" + TestBudgets.SESSION_BACKUP_WRITE_AND_READ)) {
            assertThat(((WebServerApplicationContext) app).getWebServer().getClass().getSimpleName()).as("Boot's embedded container")
                    .isEqualTo(System.getProperty("expected.web-server"));
            assertThat(filterNames(app)).as("the order of the container's filters")
                    .containsSubsequence("affinity", "session-backup", "formContentFilter", "requestContextFilter");
            for (FilterRegistrationBean<?> registration : app.getBeansOfType(FilterRegistrationBean.class).values()) {
                if (registration.getFilterName().equals("affinity") || registration.getFilterName().equals("session-backup")) {
                    assertThat(registration.isAsyncSupported()).isTrue();
                    assertThat(registration.getUrlPatterns()).containsExactly("/*");
                }
            }

            Browser browser = new Browser();
            Answer set = browser.get(URI.create("http://127.0.0.1:" + port + "/session/set?name=user&value=u1"));
            assertThat(set.okBody()).isEqualTo("ok");
            assertThat(set.servedBy()).as("expose-node, an affinity.filter.* setting").isEqualTo("solo");
            assertThat(browser.get(URI.create("http://127.0.0.1:" + port + "/affinity/session-status")).json().get("clusterSize").asInt())
                    .as("the session status, on by session-status: enabled: true in application-solo.yml").isEqualTo(1);
            assertThat(browser.sessionId().orElseThrow()).as("the session filter's id, with its route").endsWith(".solo");
            assertThat(browser.get(URI.create("http://127.0.0.1:" + port + "/session/dump")).okBody()).isEqualTo("{user=u1}");

            HazelcastInstance hazelcast = app.getBean(HazelcastInstance.class);
            assertThat(hazelcast.getMap("affinity-sessions").size()).as("the sync backup, in the application's Hazelcast").isEqualTo(1);
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            assertThat(registry.get("affinity.sessions").gauge().value()).as("the session meters, in the application's registry").isEqualTo(1);
        }
    }

    @Test
    void aBadSettingStopsTheStartNamingIt() {
        cluster = new LoopbackHazelcast(1);
        int port = FreePorts.next();
        try (LogRecords log = new LogRecords("dev.affinity")) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(SampleApp.class).run("--server.address=127.0.0.1", "--server.tomcat.basedir=" + tomcatBase, "--server.port=" + port,
                    "--affinity.filter.enabled=false", "--affinity.session.self=solo", "--affinity.session.secret=" + cluster.secret(),
                    "--affinity.session.hazelcast.config=" + cluster.memberYaml(0), "--affinity.session.write-mode=sometimes").close())
                    .isInstanceOf(RuntimeException.class);
            // Jetty passes the filter's exception on to Boot; Tomcat logs it and Boot reports that the web server did not start
            assertThat(log.text()).as("the filter's start-up error").contains("affinity setting 'write-mode'");
        }
    }

    @Test
    void affinityEnabledFalseRegistersNothing() {
        int port = FreePorts.next();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApp.class).run("--server.address=127.0.0.1", "--server.tomcat.basedir=" + tomcatBase,
                "--server.port=" + port, "--affinity.enabled=false", "--affinity.filter.expose-node=true")) {
            assertThat(filterNames(app)).doesNotContain("affinity", "session-backup");
            Answer set = new Browser().get(URI.create("http://127.0.0.1:" + port + "/session/set?name=user&value=u1"));
            assertThat(set.okBody()).isEqualTo("ok");
            assertThat(set.header("X-Affinity-Node")).isEmpty();
        }
    }

    /** The filters Boot registers with the container, in its order. */
    private static List<String> filterNames(ConfigurableApplicationContext app) {
        List<String> names = new ArrayList<>();
        new ServletContextInitializerBeans(app.getBeanFactory()).forEach(initializer -> {
            if (initializer instanceof AbstractFilterRegistrationBean<?> filter) {
                names.add(filter.getFilterName());
            }
        });
        return names;
    }

    /** An application's own Hazelcast member and meter registry. */
    @Configuration(proxyBeanMethods = false)
    static class ApplicationBeans {
        @Bean(destroyMethod = "shutdown")
        HazelcastInstance hazelcast(@Value("${test.hazelcast.config}") File config) throws Exception {
            return Hazelcast.newHazelcastInstance(Config.loadFromFile(config));
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
