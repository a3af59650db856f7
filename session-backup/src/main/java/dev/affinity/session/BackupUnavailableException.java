package dev.affinity.session;

/**
 * The backup of a requested session could not be read in time (the cluster is still recovering
 * from a lost member, or unreachable) and this node holds no copy: the session may well exist, so
 * none is created in its place; the request is answered {@code 503} with {@code Retry-After}.
 */
final class BackupUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BackupUnavailableException(String key) {
        super("the backup of session " + key + " cannot be read right now");
    }
}
