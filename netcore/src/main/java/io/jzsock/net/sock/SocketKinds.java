package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;

/**
 * The registry {@code socket()} asks (Zephyr's iterable section of {@code net_socket_register}):
 * kinds in priority order, a lower number asked first, equal numbers in registration order.
 * Registration is setup-time (before application threads open sockets); {@link #socket} allocates
 * nothing. Guarded by the stack's monitor.
 *
 * <p>A combination no kind takes is answered as Zephyr's inet sockets answer it: a family no kind
 * takes -EAFNOSUPPORT; a type that is not DGRAM, STREAM or RAW -EPROTOTYPE, before the protocol is
 * looked at (net_context's check order); a protocol that another kind of the family takes but that
 * does not fit this type (SOCK_STREAM with IPPROTO_UDP) -EOPNOTSUPP; any other protocol
 * -EPROTONOSUPPORT. So TLS protocol numbers are -EPROTONOSUPPORT until a TLS kind is registered.
 * A kind that answers a wrong combination of its own protocols itself takes every type and returns
 * the errno from {@link SocketKind#create}.
 */
public final class SocketKinds {
    /** TLS and DTLS: asked before inet, so their protocol numbers never reach UDP or TCP. */
    public static final int PRIORITY_SECURE = 40;
    /** UDP and TCP over IPv4 and IPv6. */
    public static final int PRIORITY_INET = 50;
    /** Kinds one stack can hold: UDP, TCP, TLS, DTLS and room. */
    public static final int MAX_KINDS = 8;

    private final SocketKind[] kinds = new SocketKind[MAX_KINDS];
    private final int[] priorities = new int[MAX_KINDS];
    private final Object monitor;
    private int count;

    public SocketKinds(Object monitor) {
        this.monitor = monitor;
    }

    /** Adds a kind; throws IllegalStateException past MAX_KINDS or for a kind already registered. */
    public void register(SocketKind kind, int priority) {
        if (kind == null) {
            throw new IllegalArgumentException("null socket kind");
        }
        synchronized (monitor) {
            if (count == MAX_KINDS || indexOf(kind) >= 0) {
                throw new IllegalStateException("socket kind registry full or kind registered twice");
            }
            int at = count;
            while (at > 0 && priorities[at - 1] > priority) {
                kinds[at] = kinds[at - 1];
                priorities[at] = priorities[at - 1];
                at--;
            }
            kinds[at] = kind;
            priorities[at] = priority;
            count++;
        }
    }

    public int count() {
        return count;
    }

    /** Creates a socket through the first kind that takes the combination; called with the monitor held. */
    public int socket(int family, int type, int proto) {
        boolean familyKnown = false;
        for (int i = 0; i < count; i++) {
            if (kinds[i].takesFamily(family)) {
                familyKnown = true;
                break;
            }
        }
        if (!familyKnown) {
            return -Errno.EAFNOSUPPORT;
        }
        if (type != ZsockConstants.SOCK_DGRAM && type != ZsockConstants.SOCK_STREAM
                && type != ZsockConstants.SOCK_RAW) {
            return -Errno.EPROTOTYPE;
        }
        boolean typeServed = false;
        boolean protoOfOtherType = false;
        for (int i = 0; i < count; i++) {
            SocketKind k = kinds[i];
            if (!k.takesFamily(family)) {
                continue;
            }
            boolean typeFits = k.takesType(type);
            boolean protoFits = k.takesProtocol(proto);
            if (typeFits && protoFits) {
                return k.create(family, type, proto);
            }
            typeServed |= typeFits;
            protoOfOtherType |= protoFits && !typeFits;
        }
        return typeServed && protoOfOtherType && proto != 0 ? -Errno.EOPNOTSUPP : -Errno.EPROTONOSUPPORT;
    }

    private int indexOf(SocketKind kind) {
        for (int i = 0; i < count; i++) {
            if (kinds[i] == kind) {
                return i;
            }
        }
        return -1;
    }
}
