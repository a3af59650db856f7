package dev.affinity.balancer;

import java.util.regex.Pattern;

/**
 * A path pattern of a balancer rule: {@code *} matches within one segment, {@code **} matches any
 * number of segments, everything else literally; e.g. {@code /shop/*}{@code /checkout/**}.
 */
final class PathGlob {
    private final Pattern pattern;

    PathGlob(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        this.pattern = Pattern.compile(regex.toString());
    }

    boolean matches(String path) {
        return pattern.matcher(path).matches();
    }
}
