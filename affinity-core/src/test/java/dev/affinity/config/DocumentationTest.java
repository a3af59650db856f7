package dev.affinity.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.RepositoryDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README stays short, and every link of the README and {@code docs/} leads to a file and heading that exist. */
class DocumentationTest {
    private static final int README_MAX_LINES = 220;

    @Test
    void theReadmeIsShort() {
        assertThat(RepositoryDocs.lines("README.md")).hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        Path root = RepositoryDocs.root();
        List<String> pages = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(p -> pages.add("docs/" + p.getFileName()));
        }
        List<String> broken = new ArrayList<>();
        for (String page : pages) {
            for (String link : RepositoryDocs.links(page)) {
                if (link.matches("(?i)(https?|mailto):.*")) {
                    continue;
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String target = file.isEmpty() ? page : root.relativize(root.resolve(page).resolveSibling(file).normalize()).toString();
                if (!Files.exists(root.resolve(target))) {
                    broken.add(page + ": " + link + " (no file " + target + ")");
                } else if (hash >= 0 && !RepositoryDocs.anchors(target).contains(link.substring(hash + 1))) {
                    broken.add(page + ": " + link + " (no such heading in " + target + ")");
                }
            }
        }
        assertThat(pages).contains("docs/configuration.md", "docs/deployment.md", "docs/architecture.md",
                "docs/testing.md", "docs/security.md");
        assertThat(broken).isEmpty();
    }
}
