package dev.affinity.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Test member lists. */
final class Members {
    private Members() {
    }

    static List<Member> of(int count) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(new Member("node-" + i, URI.create("http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080"), 1));
        }
        return members;
    }
}
