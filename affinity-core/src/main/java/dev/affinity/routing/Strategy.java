package dev.affinity.routing;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The placement strategies, by their setting value. */
public enum Strategy {
    RENDEZVOUS(RendezvousPlacement::new),
    MAGLEV(MaglevPlacement::new),
    MODULO(ModuloPlacement::new);

    private final Function<List<Member>, Placement> factory;

    Strategy(Function<List<Member>, Placement> factory) {
        this.factory = factory;
    }

    /** A placement of this strategy over {@code members}. */
    public Placement place(List<Member> members) {
        return factory.apply(members);
    }

    /** The value used in the {@code strategy} setting. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
