package dev.affinity.session;

import java.util.Map;

/** The Servlet session contract on Jetty 12. */
class JettyServletSpecTest extends ServletSpecContract {
    @Override
    SessionNode start(Map<String, String> settings) throws Exception {
        return Node.onJetty(settings);
    }
}
