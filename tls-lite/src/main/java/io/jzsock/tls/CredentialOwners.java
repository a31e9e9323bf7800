package io.jzsock.tls;

import io.jzsock.net.Errno;

/**
 * Which owner (a sandboxed application, see netcore's socket ownership) a sec tag belongs to, and
 * whom it was granted to: a tag added through an owner is that owner's, other owners get -EACCES
 * for it until granted; a tag the supervisor added (owner null) is everyone's. A table of one
 * entry per credential slot, each with {@link #MAX_GRANTEES} grantees, made at construction;
 * guarded by TlsCredentials' lock; owners are compared by identity.
 */
final class CredentialOwners {
    /** Owners one tag can be granted to besides its own. */
    static final int MAX_GRANTEES = 4;

    private final int[] tags;
    private final Object[] owners;
    private final Object[] grantees;

    CredentialOwners(int entries) {
        tags = new int[entries];
        owners = new Object[entries];
        grantees = new Object[entries * MAX_GRANTEES];
    }

    /** True when caller (null: the supervisor) may add to, read, delete or name tag. */
    boolean mayUse(Object caller, int tag) {
        int i = indexOf(tag);
        if (caller == null || i < 0 || owners[i] == caller) {
            return true;
        }
        for (int g = i * MAX_GRANTEES; g < (i + 1) * MAX_GRANTEES; g++) {
            if (grantees[g] == caller) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes an unowned tag owner's before its first credential is stored: 1 when it claimed the tag
     * (undo with {@link #disown} if the store then fails), 0 when nothing changed (the supervisor, or
     * the tag is owner's already), -ENOMEM when the table is full.
     */
    int claim(Object owner, int tag) {
        if (owner == null || indexOf(tag) >= 0) {
            return 0;
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] == null) {
                owners[i] = owner;
                tags[i] = tag;
                return 1;
            }
        }
        return -Errno.ENOMEM;
    }

    /** The tag's last credential is gone: it is nobody's again, its grants dropped. */
    void disown(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return;
        }
        owners[i] = null;
        for (int g = i * MAX_GRANTEES; g < (i + 1) * MAX_GRANTEES; g++) {
            grantees[g] = null;
        }
    }

    /** other may use caller's tag: 0, -EACCES when caller may not use it, -ENOENT for a tag of nobody, -ENOMEM when its grantees are full. */
    int grant(Object caller, int tag, Object other) {
        int i = indexOf(tag);
        if (i < 0) {
            return -Errno.ENOENT;
        }
        if (!mayUse(caller, tag)) {
            return -Errno.EACCES;
        }
        if (mayUse(other, tag)) {
            return 0;
        }
        for (int g = i * MAX_GRANTEES; g < (i + 1) * MAX_GRANTEES; g++) {
            if (grantees[g] == null) {
                grantees[g] = other;
                return 0;
            }
        }
        return -Errno.ENOMEM;
    }

    /** other's grant on tag ends: 0 (also when it had none), -EACCES when caller may not use the tag, -EINVAL for its owner. */
    int revoke(Object caller, int tag, Object other) {
        int i = indexOf(tag);
        if (i < 0) {
            return 0;
        }
        if (!mayUse(caller, tag)) {
            return -Errno.EACCES;
        }
        if (owners[i] == other) {
            return -Errno.EINVAL;
        }
        for (int g = i * MAX_GRANTEES; g < (i + 1) * MAX_GRANTEES; g++) {
            if (grantees[g] == other) {
                grantees[g] = null;
            }
        }
        return 0;
    }

    private int indexOf(int tag) {
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != null && tags[i] == tag) {
                return i;
            }
        }
        return -1;
    }
}
