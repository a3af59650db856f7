package dev.affinity.session;

/** How deltas are applied to the backup map. */
public enum ApplyMode {
    /** By {@link ApplyDelta} on the member owning the entry: one round trip; members need this jar. */
    ENTRY_PROCESSOR,
    /** By plain map operations under the entry's lock: members need no class of ours. */
    MAP_OPERATIONS
}
