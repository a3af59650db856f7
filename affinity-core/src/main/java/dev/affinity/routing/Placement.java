package dev.affinity.routing;

import java.util.List;

/** Maps a key hash to the member that owns it, and to the failover order of all members. */
public interface Placement {

    /** The owner of the key, healthy or not. */
    Member owner(long keyHash);

    /** Every member, best first: the owner, then the members a key falls to when those before it are down. */
    List<Member> rank(long keyHash);

    /** The members this placement was built over. */
    List<Member> members();
}
