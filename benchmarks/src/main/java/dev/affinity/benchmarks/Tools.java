package dev.affinity.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that the external programs the HTTP benchmarks drive are installed. */
final class Tools {
    private Tools() {
    }

    /** Fails, saying how to install it, when {@code program} is on no directory of the PATH nor in /usr/sbin. */
    static String require(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not installed: run `sudo apt-get install " + debianPackage
                + "` (Debian/Ubuntu), or leave this part out with --parts");
    }
}
