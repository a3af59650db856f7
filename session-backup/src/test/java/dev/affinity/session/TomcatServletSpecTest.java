package dev.affinity.session;

import java.util.Map;

/** The Servlet session contract on Tomcat. */
class TomcatServletSpecTest extends ServletSpecContract {
    @Override
    Node start(Map<String, String> settings) throws Exception {
        return new TomcatNode(settings);
    }
}
