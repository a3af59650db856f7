package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.List;
import java.util.Optional;

/**
 * The routing core assembled from settings: the key chain, membership, this node, placement and
 * health. The affinity filter and the redirect balancer each start one, so both decide alike.
 */
public final class Routing implements AutoCloseable {
    private final RoutingSettings settings;
    private final Membership membership;
    private final SelfResolver selfResolver;
    private final HealthMonitor health;
    private final Router router;
    private final RoutingView view;
    private volatile Member self;

    private Routing(RoutingSettings settings, Membership membership, SelfResolver selfResolver, HealthMonitor health, Router router) {
        this.settings = settings;
        this.membership = membership;
        this.selfResolver = selfResolver;
        this.health = health;
        this.router = router;
        this.self = selfResolver.resolved().orElse(null);
        this.view = new RoutingView(membership, health);
        membership.onChange(members -> view.refresh());
        health.addListener((member, healthy) -> view.refresh());
    }

    /**
     * Starts membership and health checks.
     *
     * @param settings the component's settings, which a membership provider may read
     * @param routing the routing settings read from them
     * @throws ConfigException naming the first bad setting
     */
    public static Routing start(Settings settings, RoutingSettings routing) {
        String members = routing.members();
        Membership membership;
        SelfResolver selfResolver;
        if (!MembershipProvider.isName(members)) {
            membership = new StaticMembership(new MemberListParser("members").parseList(members));
            selfResolver = SelfResolver.of(membership.members(), routing.self());
        } else {
            MembershipProvider provider = MembershipProvider.named(members);
            Member self = new MemberListParser("self").parse(routing.self().orElseThrow(() -> new ConfigException(
                    "affinity setting 'self' is required: accepted: this node's base URL, optionally with ;name=NAME, when members="
                            + members)));
            membership = provider.start(settings, self);
            selfResolver = SelfResolver.of(membership.members(), Optional.of(self.name()));
        }
        HealthMonitor health = new HealthMonitor(routing.health());
        Router router = new Router(membership, routing.strategy(), health);
        membership.onChange(health::track);
        health.start(membership.members(), selfResolver.resolved().orElse(null));
        return new Routing(routing, membership, selfResolver, health, router);
    }

    /**
     * Starts the routing of a gateway: a node that is none of the members, routes every key to
     * them and probes them all. Its members are a static list.
     *
     * @throws ConfigException naming the first bad setting
     */
    public static Routing startGateway(RoutingSettings routing) {
        if (MembershipProvider.isName(routing.members())) {
            throw ConfigException.invalid("members", routing.members(), "member base URLs such as http://10.0.0.1:8080 "
                    + "(a gateway follows a static member list)");
        }
        Membership membership = new StaticMembership(new MemberListParser("members").parseList(routing.members()));
        HealthMonitor health = new HealthMonitor(routing.health());
        Router router = new Router(membership, routing.strategy(), health);
        health.start(membership.members(), null);
        return new Routing(routing, membership, SelfResolver.none(membership.members()), health, router);
    }

    /** Starts the routing of a member of the farm from {@code settings} alone (programmatic use, tests). */
    public static Routing start(Settings settings, String defaultHealthPath) {
        return start(settings, RoutingSettings.from(settings, defaultHealthPath, NoKeyPolicy.FOR_MEMBERS));
    }

    /** The routing settings this was started with. */
    public RoutingSettings settings() {
        return settings;
    }

    /** The key chain. */
    public KeyChain keys() {
        return settings.keys();
    }

    /** What to do with requests without a key. */
    public NoKeyPolicy noKey() {
        return settings.noKey();
    }

    /** Whether a request may ever go to another member: the membership may change, or has more than one member. */
    public boolean canForward() {
        return !membership.fixed() || membership.members().size() > 1;
    }

    /** The router. */
    public Router router() {
        return router;
    }

    /** Health of the members. */
    public HealthMonitor health() {
        return health;
    }

    /** This node's view of the farm: which members it routes to, with its epoch. */
    public RoutingView view() {
        return view;
    }

    /** The current membership. */
    public Membership membership() {
        return membership;
    }

    /**
     * This node. Known from settings or addresses at start-up, or else from the first request's
     * local port.
     *
     * @throws ConfigException when the port matches no local member
     */
    public Member self(int localPort) {
        Member known = self;
        if (known == null) {
            selfFound(selfResolver.byLocalPort(localPort));
            known = self;
        }
        return known;
    }

    /** This node, if known yet. */
    public Optional<Member> knownSelf() {
        return Optional.ofNullable(self);
    }

    /** The candidates for this node while it is not known: the local members, or this node alone once known. */
    public List<Member> selfCandidates() {
        Member known = self;
        return known != null ? List.of(known) : selfResolver.candidates();
    }

    /** This node is {@code member}: found from the port a request arrived on, or from the local member whose URL this node answers. */
    public synchronized void selfFound(Member member) {
        if (self == null) {
            self = member;
            health.self(member);
            view.refresh();
        }
    }

    @Override
    public void close() {
        health.close();
        membership.close();
    }
}
