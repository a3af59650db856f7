package dev.affinity.balancer;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The balancer WAR on embedded Jetty 12 configured to pass suspicious request targets to the
 * webapp, so the balancer's own checks must answer every malformed request.
 */
class LenientJettyRedirectBalancerIT extends RedirectBalancerContract {
    @Override
    ServletContainer container() {
        return new JettyContainer(UriCompliance.UNSAFE);
    }

    @Override
    boolean containerPassesMalformedTargets() {
        return true;
    }
}
