package dev.affinity.session;

/** Which attributes a request's delta carries besides those set or removed. */
public enum DirtyPolicy {
    /** Only attributes passed to {@code setAttribute} or removed. */
    SET_ONLY,
    /**
     * Also attributes read with {@code getAttribute} whose value is not immutable, written only when
     * their serialized form changed, so an object mutated in place is not lost.
     */
    READ_CHANGED
}
