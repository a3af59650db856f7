package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.RepositoryDocs;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every option the launchers' usage names has its row in {@code docs/configuration.md}. */
class LauncherOptionsDocumentedTest {
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    @Test
    void everyLauncherOptionIsDocumented() {
        String rows = String.join("\n", RepositoryDocs.documentedSettings("Demo launchers"));
        Set<String> nodeOptions = options(NodeLauncher.USAGE);
        Set<String> demoOptions = options(DemoLauncher.USAGE);
        assertThat(nodeOptions).contains("--port", "--members", "--set");
        assertThat(demoOptions).contains("--nodes", "--port");
        nodeOptions.forEach(option -> assertThat(rows).contains("affinity-node.jar " + option));
        demoOptions.forEach(option -> assertThat(rows).contains("affinity-demo.jar " + option));
    }

    private static Set<String> options(String usage) {
        Set<String> options = new LinkedHashSet<>();
        Matcher m = OPTION.matcher(usage);
        while (m.find()) {
            options.add(m.group());
        }
        return options;
    }
}
