package io.jzsock.sim.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceAuditAllowlistTest {
    private static final Allowlist PROJECT = Allowlist.load();

    @Test
    void projectAllowlistHasTheEdcBasicsAndNotWhatEdcLacks() {
        assertTrue(PROJECT.allowsMember("java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V",
                false));
        assertTrue(PROJECT.allowsMember("java/lang/Object", "<init>", "()V", false));
        assertTrue(PROJECT.allowsMember("java/lang/System", "out", "Ljava/io/PrintStream;", true));
        assertFalse(PROJECT.allowsMember("java/lang/String", "format",
                "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;", false));
        assertFalse(PROJECT.allowsMember("java/lang/String", "split", "(Ljava/lang/String;)[Ljava/lang/String;",
                false));
        assertFalse(PROJECT.allowsType("java/lang/Enum"));
        assertFalse(PROJECT.allowsType("java/lang/ThreadLocal"));
        assertFalse(PROJECT.allowsType("java/nio/ByteBuffer"));
        assertFalse(PROJECT.allowsType("java/util/concurrent/atomic/AtomicInteger"));
    }

    @Test
    void membersAreFoundOnListedSupertypesButConstructorsAreNot() {
        assertTrue(PROJECT.allowsMember("java/lang/IllegalArgumentException", "getMessage", "()Ljava/lang/String;",
                false));
        assertTrue(PROJECT.allowsMember("java/lang/Thread", "hashCode", "()I", false));
        assertFalse(PROJECT.allowsMember("java/lang/NumberFormatException", "<init>", "(Ljava/lang/String;)V",
                false));
    }

    @Test
    void parsesTypesSupertypesMembersFieldsAndComments() {
        Allowlist a = Allowlist.parse(List.of(
                "# header",
                "java/lang/Object",
                "java/lang/Object#hashCode()I   # trailing comment",
                "",
                "java/lang/Thing extends java/lang/Object",
                "java/lang/Thing#N:I"));

        assertTrue(a.allowsMember("java/lang/Thing", "hashCode", "()I", false));
        assertTrue(a.allowsMember("java/lang/Thing", "N", "I", true));
        assertFalse(a.allowsMember("java/lang/Thing", "N", "J", true));
        assertFalse(a.allowsType("java/lang/Other"));
    }

    @Test
    void malformedLinesAreRejectedWithTheirLineNumber() {
        assertEquals("allowlist line 2: owner java/lang/String is not listed as a type: java/lang/String#length()I",
                assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of(
                        "java/lang/Object", "java/lang/String#length()I"))).getMessage());
        assertEquals("allowlist line 1: a type is a java/* or javax/* internal name like java/lang/String: "
                        + "java.lang.String",
                assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of(
                        "java.lang.String"))).getMessage());
        assertEquals("allowlist line 2: duplicate entry: java/lang/Object",
                assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of(
                        "java/lang/Object", "java/lang/Object"))).getMessage());
        assertEquals("allowlist line 2: a member is name(args)ret for a method or name:desc for a field: "
                        + "java/lang/Object#hashCode",
                assertThrows(IllegalArgumentException.class, () -> Allowlist.parse(List.of(
                        "java/lang/Object", "java/lang/Object#hashCode"))).getMessage());
    }
}
