package dev.affinity.balancer;

import org.eclipse.jetty.http.UriCompliance;

/**
 * The balancer WAR on embedded Jetty 12 configured to pass suspicious request targets to the
 * webapp, so the balancer's own checks must answer every malformed request.
 */
class LenientJettyRedirectBalancerIT extends RedirectBalancerContract {
    @Override
    BalancerContainer container() {
        return new JettyBalancerContainer(UriCompliance.UNSAFE);
    }

    @Override
    boolean containerPassesMalformedTargets() {
        return true;
    }
}
