package io.jzsock.sim.audit;

/**
 * One broken rule in one class.
 *
 * @param className binary name of the offending class, slash-separated ({@code io/jzsock/net/Foo})
 * @param rule the rule broken
 * @param detail what was found and where
 */
public record Violation(String className, Rule rule, String detail) {
    @Override
    public String toString() {
        return className + ": rule '" + rule.id() + "': " + detail;
    }
}
