package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's documentation ({@code README.md} and {@code docs/}), read by the tests that
 * keep it true to the code: each component's settings documented in {@code docs/configuration.md},
 * links that lead somewhere.
 */
public final class RepositoryDocs {
    /** The reference of every setting, relative to the repository's root. */
    public static final String CONFIGURATION = "docs/configuration.md";

    private static final int MAX_LEVELS_UP = 6;
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private RepositoryDocs() {
    }

    /**
     * The repository's root: the nearest directory, from the module's base directory up, that
     * holds {@code docs/configuration.md}.
     */
    public static Path root() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path dir = start;
        for (int level = 0; level <= MAX_LEVELS_UP && dir != null; level++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CONFIGURATION))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + CONFIGURATION + " in " + start + " or its " + MAX_LEVELS_UP + " parents");
    }

    /** The lines of a file, by its path relative to the repository's root. */
    public static List<String> lines(String relative) {
        try {
            return Files.readAllLines(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The section of {@code docs/configuration.md} whose {@code ## } heading starts with
     * {@code heading}, up to the next {@code ## } heading.
     */
    public static List<String> configurationSection(String heading) {
        List<String> lines = lines(CONFIGURATION);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## " + heading)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new IllegalStateException(CONFIGURATION + " has no section '## " + heading + "'");
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** The names in backquotes in the first column of the tables of a section of {@code docs/configuration.md}. */
    public static Set<String> documentedSettings(String heading) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : configurationSection(heading)) {
            if (line.startsWith("| ") && !line.startsWith("| ---")) {
                int end = line.indexOf(" |", 2);
                addMatches(CODE, end < 0 ? line.substring(2) : line.substring(2, end), names);
            }
        }
        return names;
    }

    /** The Markdown link targets in a file ({@code [text](target)}), outside code blocks. */
    public static List<String> links(String relative) {
        List<String> targets = new ArrayList<>();
        prose(relative).forEach(line -> addMatches(LINK, line, targets));
        return targets;
    }

    /** The anchors of a Markdown file's headings, as GitHub makes them, outside code blocks. */
    public static Set<String> anchors(String relative) {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : prose(relative)) {
            if (line.startsWith("#")) {
                String text = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static void addMatches(Pattern pattern, String text, Collection<String> found) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
    }

    /** A Markdown file's lines outside fenced code blocks. */
    private static List<String> prose(String relative) {
        List<String> prose = new ArrayList<>();
        boolean code = false;
        for (String line : lines(relative)) {
            if (line.stripLeading().startsWith("```")) {
                code = !code;
            } else if (!code) {
                prose.add(line);
            }
        }
        return prose;
    }
}
