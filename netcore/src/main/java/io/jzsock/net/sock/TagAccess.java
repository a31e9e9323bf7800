package io.jzsock.net.sock;

/**
 * Who may name a credential tag in TLS_SEC_TAG_LIST under socket ownership: installed by the module
 * that keeps the credentials (tls-lite, {@link io.jzsock.net.NetStack#setTagAccess}) and asked by
 * Zsock before the option reaches the socket's kind, as Zephyr answers -EACCES when "access to the
 * TLS credential subsystem was denied". Called with the stack's monitor held; answers at once and
 * allocates nothing.
 */
public interface TagAccess {
    /** 0 when owner (null: the supervisor) may use every tag in tags[0, count), else -EACCES. */
    int check(Object owner, int[] tags, int count);
}
