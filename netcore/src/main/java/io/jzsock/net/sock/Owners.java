package io.jzsock.net.sock;

import io.jzsock.net.Errno;

/**
 * The owner table of socket ownership (NetConfig.socketOwnership): owners are plain objects, each
 * given a small id, a slot of a table sized by NetConfig.maxOwners, so that an fd records its owner
 * as an int and its grants as one bit per owner (Zephyr keeps a kernel object's permissions as a
 * bit per thread index, {@code k_object.perms}). A slot's generation counts its releases: a view
 * taken before a release no longer matches and acts as {@link #RELEASED}. Guarded by the stack's
 * monitor; nothing here allocates.
 */
public final class Owners {
    /** Grants are a long of bits per fd. */
    public static final int MAX_OWNERS = 64;
    /** The stack and its plain {@code zsock()} view: may use every fd, never released (Zephyr's supervisor threads). */
    public static final int SUPERVISOR = -1;
    /** The owner of an fd being created, until the call that creates it returns: only the supervisor may use it. */
    public static final int NOBODY = -2;
    /** What a view of a released owner acts as: no fd is its, creating calls are refused. */
    public static final int RELEASED = -3;

    private final Object[] owners;
    private final int[] generations;
    private final boolean[] releasing;
    private Object lastOwner;
    private int lastId = -1;
    private int count;

    public Owners(int maxOwners) {
        owners = new Object[maxOwners];
        generations = new int[maxOwners];
        releasing = new boolean[maxOwners];
    }

    /** The id of a registered owner (identity, not equals), or -1. */
    public int idOf(Object owner) {
        if (owner == lastOwner && lastId >= 0 && owners[lastId] == owner) {
            return lastId;
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] == owner) {
                lastOwner = owner;
                lastId = i;
                return i;
            }
        }
        return -1;
    }

    /** owner's id, registering it in the lowest free slot; -ENOMEM when the table is full, -ESRCH while it is being released. */
    public int register(Object owner) {
        int id = idOf(owner);
        if (id >= 0) {
            return releasing[id] ? -Errno.ESRCH : id;
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] == null) {
                owners[i] = owner;
                count++;
                return i;
            }
        }
        return -Errno.ENOMEM;
    }

    /** The owner object registered as id, or null for the supervisor and other non-ids. */
    public Object objectOf(int id) {
        return id >= 0 && id < owners.length ? owners[id] : null;
    }

    public int generation(int id) {
        return generations[id];
    }

    /** True while id is the slot of the owner a view was taken for (same generation, not being released). */
    public boolean current(int id, int generation) {
        return owners[id] != null && !releasing[id] && generations[id] == generation;
    }

    /** What a call resolved to owner (an {@link io.jzsock.net.OwnerResolver}'s answer) acts as: its id, registered if new, or RELEASED. */
    public int acting(Object owner) {
        int id = register(owner);
        return id >= 0 ? id : RELEASED;
    }

    /** Starts releasing owner: its views act as RELEASED from now on. Returns its id, or -ENOENT for an owner not in the table. */
    public int beginRelease(Object owner) {
        int id = idOf(owner);
        if (id < 0 || releasing[id]) {
            return -Errno.ENOENT;
        }
        releasing[id] = true;
        generations[id]++;
        return id;
    }

    /** Frees the slot once every fd of the owner is closed. */
    public void endRelease(int id) {
        owners[id] = null;
        releasing[id] = false;
        if (lastId == id) {
            lastOwner = null;
            lastId = -1;
        }
        count--;
    }

    /** Owners registered now (a leak gate for tests). */
    public int count() {
        return count;
    }
}
