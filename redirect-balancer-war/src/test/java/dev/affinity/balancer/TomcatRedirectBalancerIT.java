package dev.affinity.balancer;

/** The balancer WAR on embedded Tomcat. */
class TomcatRedirectBalancerIT extends RedirectBalancerContract {
    @Override
    BalancerContainer container() {
        return new TomcatBalancerContainer();
    }
}
