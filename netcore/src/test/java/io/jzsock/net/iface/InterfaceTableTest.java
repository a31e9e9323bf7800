package io.jzsock.net.iface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jzsock.net.InterfaceConfig;
import org.junit.jupiter.api.Test;

class InterfaceTableTest {
    private static NetInterface loopback(int index) {
        return new NetInterface(index, "lo" + index, null, InterfaceConfig.ipv4("lo", "127.0.0.1", 8, null), 1500, 1, 1, 1);
    }

    @Test
    void interfacesAreFoundByTheirOneBasedIndex() {
        InterfaceTable t = new InterfaceTable(2);
        NetInterface a = loopback(1);
        NetInterface b = loopback(2);
        t.add(a);
        t.add(b);
        assertEquals(2, t.count());
        assertSame(a, t.byIndex(1));
        assertSame(b, t.byIndex(2));
        assertNull(t.byIndex(0));
        assertNull(t.byIndex(3));
    }

    @Test
    void addRejectsAnIndexOutOfOrderAndAFullTable() {
        InterfaceTable t = new InterfaceTable(1);
        assertThrows(IllegalStateException.class, () -> t.add(loopback(2)));
        t.add(loopback(1));
        assertThrows(IllegalStateException.class, () -> t.add(loopback(2)));
    }
}
