package dev.affinity.spring.sample;

import dev.affinity.testing.ChildJvm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link SampleApp} in a JVM of its own, started by a test with Spring's command-line properties
 * ({@code --server.port=...}, {@code --affinity.session.write-mode=sync}, ...): prints
 * {@code READY <port> <web server class>} once it serves, and stops when its standard input closes (the test ended)
 * or it is killed.
 */
public final class SampleAppMain {
    private SampleAppMain() {
    }

    public static void main(String[] args) {
        ConfigurableApplicationContext app = SpringApplication.run(SampleApp.class, args);
        WebServer server = ((WebServerApplicationContext) app).getWebServer();
        ChildJvm.tell("READY " + server.getPort() + " " + server.getClass().getSimpleName());
        ChildJvm.awaitParentGone(System.in);
        app.close();
        System.exit(0);
    }
}
