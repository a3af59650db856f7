package dev.affinity.balancer;

import org.eclipse.jetty.http.UriCompliance;

/** The balancer WAR on embedded Jetty 12. */
class JettyRedirectBalancerIT extends RedirectBalancerContract {
    @Override
    BalancerContainer container() {
        return new JettyBalancerContainer(UriCompliance.DEFAULT);
    }
}
