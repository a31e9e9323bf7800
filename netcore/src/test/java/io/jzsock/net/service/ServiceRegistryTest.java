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
        long deadline;
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

    @Test
    void aPassVisitsOnlyTheServicesThatAreDue() {
        List<String> log = new ArrayList<>();
        ServiceRegistry r = new ServiceRegistry(2);
        r.register(new Recorder("arp", 500, false, log));
        r.register(new Recorder("tcp", 200, false, log));
        r.poll(0);
        log.clear();
        assertFalse(r.poll(199));
        assertEquals(List.of(), log, "nothing due before 200");
        r.poll(200);
        assertEquals(List.of("tcp@200"), log);
    }

    @Test
    void anArmedHandleHasTheNextPassVisitItsServiceAndAskItsDeadlineAgain() {
        List<String> log = new ArrayList<>();
        ServiceRegistry r = new ServiceRegistry(2);
        r.register(new Recorder("arp", Long.MAX_VALUE, false, log));
        Recorder tcp = new Recorder("tcp", Long.MAX_VALUE, false, log);
        ServiceHandle h = r.register(tcp);
        r.poll(0);
        log.clear();
        tcp.deadline = 300;
        r.poll(10);
        assertEquals(List.of(), log, "a deadline set without arming is not seen by poll");
        h.armed();
        r.poll(20);
        assertEquals(List.of("tcp@20"), log, "armed: visited on the next pass");
        log.clear();
        r.poll(299);
        r.poll(300);
        assertEquals(List.of("tcp@300"), log, "then at the deadline it told");
        assertEquals(300, r.nextDeadline());
    }

    @Test
    void aServiceArmedByAnotherDuringAPassIsVisitedOnTheNext() {
        List<String> log = new ArrayList<>();
        ServiceRegistry r = new ServiceRegistry(2);
        Recorder arp = new Recorder("arp", Long.MAX_VALUE, false, log);
        ServiceHandle arpHandle = r.register(arp);
        r.register(new StackService() {
            @Override
            public boolean poll(long now) {
                log.add("tcp@" + now);
                arp.deadline = now + 1000;
                arpHandle.armed();
                return true;
            }

            @Override
            public long nextDeadline() {
                return Long.MAX_VALUE;
            }
        });
        r.poll(5);
        log.clear();
        r.poll(6);
        assertEquals(List.of("arp@6"), log);
        assertEquals(1005, r.nextDeadline());
    }

    @Test
    void staleVisitsAllInputVisitsReadersAndEveryPassServicesAlwaysRun() {
        List<String> log = new ArrayList<>();
        ServiceRegistry r = new ServiceRegistry(3);
        r.register(new Recorder("arp", Long.MAX_VALUE, false, log));
        r.registerReadingInput(new Recorder("dns", Long.MAX_VALUE, false, log));
        r.registerEveryPass(new Recorder("dtls", Long.MAX_VALUE, false, log));
        r.poll(0);
        log.clear();
        r.poll(1);
        assertEquals(List.of("dtls@1"), log);
        log.clear();
        r.inputArrived();
        r.poll(2);
        assertEquals(List.of("dns@2", "dtls@2"), log);
        log.clear();
        r.markStale();
        r.poll(3);
        assertEquals(List.of("arp@3", "dns@3", "dtls@3"), log);
    }

    @Test
    void aNextDeadlineSoonerThanTheOneCachedIsPolledAtIt() {
        List<String> log = new ArrayList<>();
        ServiceRegistry r = new ServiceRegistry(1);
        Recorder tcp = new Recorder("tcp", Long.MAX_VALUE, false, log);
        r.register(tcp);
        r.poll(0);
        log.clear();
        tcp.deadline = 50;
        assertEquals(50, r.nextDeadline(), "the net thread asks every service before it sleeps");
        r.poll(50);
        assertEquals(List.of("tcp@50"), log);
    }
}
