package dev.affinity.balancer;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;

/** The balancer WAR on embedded Jetty 12. */
class JettyRedirectBalancerIT extends RedirectBalancerContract {
    @Override
    ServletContainer container() {
        return new JettyContainer();
    }
}
