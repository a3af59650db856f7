package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.RawHttp.Answer;
import dev.affinity.testing.TestBudgets;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request whose processing went async is backed up when that processing completes, however it ends. */
class AsyncRequestTest {

    @Test
    void anAsyncRequestIsWrittenWhenItsProcessingCompletes() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            Browser browser = new Browser();
            assertThat(browser.get(AsyncSessionServlet.at(nodes.a.baseUrl(), "name=late&value=yes")).okBody()).isEqualTo("ok");
            String key = nodes.mapKey(browser.sessionId().orElseThrow());
            await().atMost(TestBudgets.EVENTUALLY)
                    .until(() -> nodes.map().containsKey(key) && nodes.map().get(key).attributes().containsKey("late"));
            assertThat(new Browser(browser.sessionId().orElseThrow()).get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=late")).okBody()).isEqualTo("yes");
        }
    }

    @Test
    void aChangeAfterCommitIsWrittenWhenTheContainerAbortsTheAnswer() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            URI uri = AsyncSessionServlet.at(nodes.a.baseUrl(), "name=aborted&value=kept&then=fail");
            Answer answer = RawHttp.get(uri, uri.getRawPath() + "?" + uri.getRawQuery(), "");
            assertThat(answer.text()).as("the committed part").contains("committed");
            String sessionId = answer.header("Set-Cookie").replaceFirst("^JSESSIONID=([^;]+).*$", "$1");
            String key = nodes.mapKey(sessionId);
            await().atMost(TestBudgets.EVENTUALLY)
                    .until(() -> nodes.map().containsKey(key) && nodes.map().get(key).attributes().containsKey("aborted"));
        }
    }
}
