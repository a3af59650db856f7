package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGlobTest {
    @Test
    void oneStarStaysWithinASegmentTwoStarsCrossSegments() {
        PathGlob glob = new PathGlob("/vip/*/lounge/**");
        assertThat(glob.matches("/vip/eu/lounge/")).isTrue();
        assertThat(glob.matches("/vip/eu/lounge/bar/menu")).isTrue();
        assertThat(glob.matches("/vip/eu/north/lounge/bar")).isFalse();
        assertThat(glob.matches("/vip/eu/hall")).isFalse();
    }

    @Test
    void otherCharactersAreLiteral() {
        PathGlob glob = new PathGlob("/a.b/(x)+*.html");
        assertThat(glob.matches("/a.b/(x)+page.html")).isTrue();
        assertThat(glob.matches("/aXb/(x)+page.html")).isFalse();
        assertThat(glob.matches("/a.b/xx+page.html")).isFalse();
    }
}
