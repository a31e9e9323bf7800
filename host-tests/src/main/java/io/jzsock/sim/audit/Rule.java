package io.jzsock.sim.audit;

/** The device-audit rules (DESIGN §1 and §2); {@link #id()} is the name printed in violation messages. */
public enum Rule {
    /** Class files must be major version 51 (Java 7) or lower: MicroEJ's SOAR and Simulator reject newer ones. */
    CLASS_VERSION("class-version"),
    /** No invokedynamic, dynamic constants, method handles or method types: MicroEJ has no java.lang.invoke. */
    NO_INVOKEDYNAMIC("no-invokedynamic"),
    /** Every java/* and javax/* type and member referenced must be on the EDC allowlist. */
    EDC_ALLOWLIST("edc-allowlist"),
    /** No {@code int.class} and friends (getstatic java/lang/Integer.TYPE ...): SOAR error M79. */
    NO_PRIMITIVE_CLASS_LITERAL("no-primitive-class-literal"),
    /** At most 31 reference instance fields per class, superclasses included. */
    MAX_REFERENCE_FIELDS("max-reference-fields"),
    /** SNI natives: static, at most 15 parameters, primitives or 1-D primitive arrays in, a primitive or void out. */
    NATIVE_SIGNATURE("native-signature"),
    /** Dependency direction between device modules (DESIGN §1). */
    LAYERING("layering");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
