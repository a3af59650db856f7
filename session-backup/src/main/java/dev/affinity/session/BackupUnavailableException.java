package dev.affinity.session;

/**
 * The backup of a requested session could not be read (the cluster is still recovering from a lost
 * member, or unreachable, or the record failed authentication or could not be restored) and this
 * node holds no copy: the session may well exist, so none is created in its place.
 */
public final class BackupUnavailableException extends SessionUnavailableException {
    private static final long serialVersionUID = 1L;

    BackupUnavailableException(String key) {
        super("the backup of session " + key + " cannot be read right now", "the session cannot be read right now; retry in a moment");
    }
}
