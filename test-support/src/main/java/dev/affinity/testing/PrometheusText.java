package dev.affinity.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A Prometheus text scrape read as a test reads it: the value of a sample by name and labels
 * (every label given must match; others may be present).
 */
public final class PrometheusText {
    private final List<String> lines;

    private PrometheusText(List<String> lines) {
        this.lines = lines;
    }

    /** Reads a scrape's body. */
    public static PrometheusText parse(String body) {
        List<String> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(line.trim());
            }
        }
        return new PrometheusText(samples);
    }

    /** The value of the sample {@code name} with {@code labels}, if there is one. */
    public OptionalDouble value(String name, Map<String, String> labels) {
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            String sampleName = brace < 0 ? series : series.substring(0, brace);
            if (sampleName.equals(name) && labels.entrySet().stream()
                    .allMatch(label -> series.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
                return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /** The value of the sample {@code name} with {@code labels}; fails when there is none. */
    public double require(String name, Map<String, String> labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " in the scrape:\n"
                + String.join("\n", lines)));
    }
}
