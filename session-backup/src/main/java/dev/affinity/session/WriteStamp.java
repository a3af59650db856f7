package dev.affinity.session;

/**
 * Who wrote a session's backup entry, and which write it was: the writer (one filter instance),
 * the live copy of the session that wrote it, and the version the write made.
 */
record WriteStamp(String writer, long copy, long version) {

    /** The stamp of a backup map value when it is a {@link BackupRecord}; {@code null} for anything else. */
    static WriteStamp of(Object value) {
        return value instanceof BackupRecord record ? record.stamp() : null;
    }

    /** Whether this is a later write of the same live copy than {@code other}. */
    boolean supersedes(WriteStamp other) {
        return other.sameCopy(writer, copy) && version > other.version;
    }

    /** Whether this write was made by copy {@code copy} of writer {@code writer}. */
    boolean sameCopy(String writer, long copy) {
        return this.writer != null && this.writer.equals(writer) && this.copy == copy;
    }
}
