package dev.affinity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Redirect balancer configuration files for the benchmarks. */
final class BalancerConfigs {
    private BalancerConfigs() {
    }

    /** A temporary balancer JSON file: these members, {@code key=param:id}, no active probing. */
    static Path write(String members) throws IOException {
        Path file = Files.createTempFile("affinity-bench-balancer", ".json");
        file.toFile().deleteOnExit();
        StringBuilder list = new StringBuilder();
        for (String member : members.split(",")) {
            list.append(list.isEmpty() ? "" : ", ").append('"').append(member).append('"');
        }
        Files.writeString(file, "{\"members\": [" + list + "], \"key\": \"param:id\", \"health\": {\"interval\": \"0\"}}\n");
        return file;
    }
}
