package dev.affinity.session.tomcat;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * The user an authenticator cached in a session (its {@code cache}, on by default), as the backup
 * holds it: under a name of its own among the attributes (never shown to the application), a list
 * of the authentication type, the user name and the roles, which the default
 * {@code serialization.allow} admits. So a user logged in on one node is still logged in on the
 * node that takes the session over. Only a realm's plain {@link GenericPrincipal} is backed up; a
 * principal that wraps one of the application's, or carries credentials, is not (the user logs in
 * again after a failover).
 */
final class CachedLogin {
    /** The attribute name the cached user is backed up under. */
    static final String ATTRIBUTE = "dev.affinity.session.tomcat.login";

    private CachedLogin() {
    }

    /** Whether {@code principal} can be backed up. */
    static boolean backedUp(Principal principal) {
        return principal != null && principal.getClass() == GenericPrincipal.class
                && ((GenericPrincipal) principal).getUserPrincipal() == principal
                && ((GenericPrincipal) principal).getGssCredential() == null;
    }

    /** The backup's value for {@code principal} authenticated by {@code authType}, or {@code null} when it is not backed up. */
    static ArrayList<String> of(Principal principal, String authType) {
        if (!backedUp(principal)) {
            return null;
        }
        ArrayList<String> value = new ArrayList<>();
        value.add(authType == null ? "" : authType);
        value.add(principal.getName());
        value.addAll(Arrays.asList(((GenericPrincipal) principal).getRoles()));
        return value;
    }

    /** The principal of a backed-up value, or {@code null} when it is not one. */
    static Principal principal(Object value) {
        if (!(value instanceof List<?> list) || list.size() < 2 || !list.stream().allMatch(String.class::isInstance)) {
            return null;
        }
        List<String> roles = list.subList(2, list.size()).stream().map(String.class::cast).toList();
        return new GenericPrincipal((String) list.get(1), roles);
    }

    /** The authentication type of a backed-up value whose {@link #principal} is not {@code null}. */
    static String authType(Object value) {
        String type = (String) ((List<?>) value).get(0);
        return type.isEmpty() ? null : type;
    }
}
