package io.jzsock.net;

import io.jzsock.net.sock.Actor;
import io.jzsock.net.sock.Owners;
import io.jzsock.net.sock.TagAccess;

/**
 * A stack's socket-ownership state in one place: the owner table (null when
 * NetConfig.socketOwnership is off), whom the plain view acts as, each owner slot's view, and the
 * credential module's tag rule. Guarded by the stack's monitor.
 */
final class StackOwnership {
    final Owners owners;
    final Actor plainActor;
    /** Each owner slot's view, made by NetStack.zsock(owner) for the slot's current generation. */
    final Zsock[] views;
    /** Asked before TLS_SEC_TAG_LIST reaches a kind when ownership is on; null until a credential module installs one. */
    TagAccess tagAccess;

    StackOwnership(NetConfig cfg) {
        owners = cfg.socketOwnership ? new Owners(cfg.maxOwners) : null;
        plainActor = Actor.plain(owners);
        views = new Zsock[cfg.socketOwnership ? cfg.maxOwners : 0];
    }
}
