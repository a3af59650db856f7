package dev.affinity.balancer;

import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TomcatContainer;

/** The balancer WAR on embedded Tomcat. */
class TomcatRedirectBalancerIT extends RedirectBalancerContract {
    @Override
    ServletContainer container() {
        return new TomcatContainer();
    }
}
