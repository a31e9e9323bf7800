package io.jzsock.net.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceRegistryTest {
    private static final class Recorder implements StackService {
        final String name;
        final long deadline;
        final boolean works;
        final List<String> log;

        Recorder(String name, long deadline, boolean works, List<String> log) {
            this.name = name;
            this.deadline = deadline;
            this.works = works;
            this.log = log;
        }

        @Override
        public boolean poll(long now) {
            log.add(name + "@" + now);
            return works;
        }

        @Override
        public long nextDeadline() {
            return deadline;
        }
    }

    @Test
    void pollsEveryServiceInRegistrationOrderAndReportsWhetherAnyWorked() {
        List<String> log = new ArrayList<>();
        ServiceRegistry r = new ServiceRegistry(3);
        r.register(new Recorder("tcp", 500, false, log));
        r.register(new Recorder("dhcp", 200, true, log));
        r.register(new Recorder("dns", 900, false, log));
        assertTrue(r.poll(42));
        assertEquals(List.of("tcp@42", "dhcp@42", "dns@42"), log);
        assertEquals(200, r.nextDeadline());
        assertEquals(3, r.size());
    }

    @Test
    void anEmptyRegistryHasNoDeadlineAndDoesNothing() {
        ServiceRegistry r = new ServiceRegistry(1);
        assertFalse(r.poll(1));
        assertEquals(Long.MAX_VALUE, r.nextDeadline());
    }

    @Test
    void registrationBeyondCapacityOrOfNullIsRefused() {
        ServiceRegistry r = new ServiceRegistry(1);
        r.register(new Recorder("a", 1, false, new ArrayList<>()));
        assertThrows(IllegalStateException.class, () -> r.register(new Recorder("b", 1, false, new ArrayList<>())));
        assertThrows(IllegalArgumentException.class, () -> new ServiceRegistry(2).register(null));
    }
}
