package io.jzsock.net.sock;

import io.jzsock.net.OwnerResolver;

/**
 * Whom one Zsock view acts as, asked under the stack's monitor at the start of every call: the
 * supervisor (ownership off, or the plain view without a resolver), a fixed owner (a per-owner view,
 * RELEASED once that owner is released), or whatever the installed {@link OwnerResolver} says the
 * calling thread belongs to. Zephyr makes the same decision per syscall from the calling thread.
 */
public final class Actor {
    private final Owners owners;
    private final int id;
    private final int generation;
    private OwnerResolver resolver;

    private Actor(Owners owners, int id, int generation) {
        this.owners = owners;
        this.id = id;
        this.generation = generation;
    }

    /** The plain view: supervisor, or the resolver's answer once one is installed; owners null when ownership is off. */
    public static Actor plain(Owners owners) {
        return new Actor(owners, Owners.SUPERVISOR, 0);
    }

    /** The view of the owner registered as id, valid for the slot's current generation. */
    public static Actor owner(Owners owners, int id) {
        return new Actor(owners, id, owners.generation(id));
    }

    /** Setup-time: from now on the plain view asks resolver who calls. */
    public void resolveWith(OwnerResolver r) {
        resolver = r;
    }

    /** An owner id, {@link Owners#SUPERVISOR} or {@link Owners#RELEASED}; the monitor is held. */
    public int id() {
        if (owners == null) {
            return Owners.SUPERVISOR;
        }
        if (id == Owners.SUPERVISOR) {
            if (resolver == null) {
                return Owners.SUPERVISOR;
            }
            Object o = resolver.currentOwner();
            return o == null ? Owners.SUPERVISOR : owners.acting(o);
        }
        return owners.current(id, generation) ? id : Owners.RELEASED;
    }

    /** The owner-slot generation a per-owner view was made for. */
    public int generation() {
        return generation;
    }

    /** Ownership on: new fds need an owner stamped. */
    public boolean stamps() {
        return owners != null;
    }
}
