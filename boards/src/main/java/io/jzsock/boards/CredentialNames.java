package io.jzsock.boards;

import io.jzsock.net.Errno;
import io.jzsock.tls.CredentialType;

/**
 * The short type names provisioning uses ({@code cred add --type ca}, after Zephyr's TLS credentials
 * shell) and the boot line prints: one table for both.
 */
public final class CredentialNames {
    private static final String[] NAMES = {null, "ca", "cert", "key", "psk", "psk-id"};

    private CredentialNames() {
    }

    /** "ca", "cert", "key", "psk" or "psk-id"; "type N" for a type without a name. */
    public static String typeName(int type) {
        return CredentialType.isValid(type) ? NAMES[type] : "type " + type;
    }

    /** The type named {@code name}, or {@code -EINVAL}. */
    public static int typeOf(String name) {
        for (int t = 1; t < NAMES.length; t++) {
            if (NAMES[t].equals(name)) {
                return t;
            }
        }
        return -Errno.EINVAL;
    }

    /** The names, comma separated, for messages. */
    public static String allNames() {
        StringBuilder sb = new StringBuilder();
        for (int t = 1; t < NAMES.length; t++) {
            sb.append(t > 1 ? ", " : "").append(NAMES[t]);
        }
        return sb.toString();
    }
}
