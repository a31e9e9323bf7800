package io.jzsock.tls;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Test-only reach into private state (a DTLS peer's BC record layer, to raise a fatal alert as a broken peer would). */
final class Reflect {
    private Reflect() {
    }

    static Object get(Object o, String field) throws Exception {
        Class<?> c = o.getClass();
        while (c != null) {
            try {
                Field f = c.getDeclaredField(field);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                c = c.getSuperclass();
            }
        }
        throw new NoSuchFieldException(field);
    }

    /** Sends a fatal alert (BC's DTLSRecordLayer.fail) on the association of a DTLS session slot. */
    static void failAssociation(Object bcDtlsSession, short alert) throws Exception {
        Object transport = get(bcDtlsSession, "dtls");
        Object recordLayer = get(transport, "recordLayer");
        Method m = recordLayer.getClass().getDeclaredMethod("fail", short.class);
        m.setAccessible(true);
        m.invoke(recordLayer, alert);
    }

    /** The BC session of peer slot i of the DTLS socket slot s. */
    static Object dtlsPeerSession(TlsSockets tls, int socketSlot, int peer) throws Exception {
        Object kind = get(tls, "dtls");
        Object[] slots = (Object[]) get(kind, "slots");
        Object[] peers = (Object[]) get(get(slots[socketSlot], "table"), "peers");
        return get(peers[peer], "session");
    }
}
