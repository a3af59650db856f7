package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routing core assembled from settings: the key chain, membership, this node, placement and
 * health. The affinity filter and the redirect balancer each start one, so both decide alike.
 */
public final class Routing implements AutoCloseable {
    /** The names of the routing settings. */
    public static final Set<String> SETTINGS;

    static {
        Set<String> names = new HashSet<>(Set.of("key", "key.max-length", "no-key", "members", "self", "strategy", "session.cookie"));
        names.addAll(HealthSettings.NAMES);
        SETTINGS = Set.copyOf(names);
    }

    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final KeyChain keys;
    private final NoKeyPolicy noKey;
    private final Membership membership;
    private final SelfResolver selfResolver;
    private final HealthMonitor health;
    private final Router router;
    private final RoutingView view;
    private volatile Member self;

    private Routing(KeyChain keys, NoKeyPolicy noKey, Membership membership, SelfResolver selfResolver,
                    HealthMonitor health, Router router) {
        this.keys = keys;
        this.noKey = noKey;
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
     * Validates the settings and starts membership and health checks.
     *
     * @param settings the component's settings
     * @param defaultHealthPath the health path probed when {@code health.path} is not set
     * @throws ConfigException naming the first bad setting
     */
    public static Routing start(Settings settings, String defaultHealthPath) {
        int maxLength = settings.integer("key.max-length", 256, 1, 8192);
        String sessionCookie = settings.string("session.cookie", "JSESSIONID");
        if (!sessionCookie.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ConfigException.invalid("session.cookie", sessionCookie, "a cookie name of letters, digits, '_', '.' or '-'");
        }
        KeyChain keys = KeyChain.parse("key", settings.string("key", "session"), maxLength, sessionCookie);
        NoKeyPolicy noKey = settings.choice("no-key", NoKeyPolicy.class, NoKeyPolicy.LOCAL);
        Strategy strategy = settings.choice("strategy", Strategy.class, Strategy.RENDEZVOUS);
        HealthSettings healthSettings = HealthSettings.from(settings, defaultHealthPath);
        String members = settings.required("members", "a comma-separated list of member base URLs such as "
                + "http://10.0.0.1:8080,http://10.0.0.2:8080, or the name of a membership provider such as hazelcast");

        Membership membership;
        SelfResolver selfResolver;
        if (!PROVIDER_NAME.matcher(members).matches()) {
            membership = new StaticMembership(new MemberListParser("members").parseList(members));
            selfResolver = SelfResolver.of(membership.members(), settings.raw("self"));
        } else {
            MembershipProvider provider = provider(members);
            Member self = new MemberListParser("self").parse(settings.required("self",
                    "this node's base URL, optionally with ;name=NAME, when members=" + members));
            membership = provider.start(settings, self);
            selfResolver = SelfResolver.of(membership.members(), Optional.of(self.name()));
        }
        HealthMonitor health = new HealthMonitor(healthSettings);
        Router router = new Router(membership, strategy, health);
        membership.onChange(health::track);
        health.start(membership.members(), selfResolver.resolved().orElse(null));
        return new Routing(keys, noKey, membership, selfResolver, health, router);
    }

    private static MembershipProvider provider(String name) {
        Set<String> known = new HashSet<>();
        for (MembershipProvider provider : ServiceLoader.load(MembershipProvider.class, Routing.class.getClassLoader())) {
            if (provider.name().equals(name)) {
                return provider;
            }
            known.add(provider.name());
        }
        throw ConfigException.invalid("members", name, "member base URLs such as http://10.0.0.1:8080"
                + (known.isEmpty() ? "" : ", or one of the membership providers " + known)
                + (name.equals("hazelcast") ? " (members=hazelcast needs the session-backup jar)" : ""));
    }

    /** The key chain. */
    public KeyChain keys() {
        return keys;
    }

    /** What to do with requests without a key. */
    public NoKeyPolicy noKey() {
        return noKey;
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
