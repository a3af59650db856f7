package dev.affinity.it.nemesis;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the nodes' warnings ({@link dev.affinity.demo.DemoFarm#warnings()}) when a test fails while
 * its farm still runs: why a request was refused, or which member stopped hearing which.
 */
final class WarningsOnFailure implements TestWatcher {
    private static final int MOST = 80;

    private final Supplier<NemesisFarm> farm;

    WarningsOnFailure(Supplier<NemesisFarm> farm) {
        this.farm = farm;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        NemesisFarm running = farm.get();
        if (running == null) {
            return;
        }
        try {
            List<String> warnings = running.warnings();
            System.out.println(context.getDisplayName() + " failed; the nodes' warnings and errors: " + warnings.size());
            warnings.stream().limit(MOST).forEach(warning -> System.out.println("  LOG " + warning));
        } catch (IOException e) {
            System.out.println("  LOG the nodes' logs could not be read: " + e);
        }
    }
}
