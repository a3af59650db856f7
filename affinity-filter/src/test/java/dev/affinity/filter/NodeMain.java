package dev.affinity.filter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.JettyContainer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A farm node in its own JVM, driven by {@link ProcessContainer} over standard input and output:
 * binds the port given as its argument (0: any) and prints {@code BOUND <port>}, reads one line
 * {@code <node name> <settings as JSON>}, starts the test app behind the filter on embedded Jetty
 * and prints {@code STARTED}; stops when its standard input closes.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        JettyContainer container = new JettyContainer();
        ChildJvm.tell("BOUND " + container.bind(Integer.parseInt(args[0])));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            System.exit(0);
        }
        int space = line.indexOf(' ');
        Map<String, String> settings = new ObjectMapper().readValue(line.substring(space + 1), new TypeReference<Map<String, String>>() { });
        container.start(Farm.app(line.substring(0, space), settings, true));
        ChildJvm.tell("STARTED");
        ChildJvm.awaitParentGone(System.in);
        container.close();
        System.exit(0);
    }
}
