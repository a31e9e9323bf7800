package io.jzsock.sim.hw;

/**
 * A driver broke a rule of the reference manual: touched an unmodelled address, wrote a reserved
 * bit, or left a documented sequence. The message names the register and the rule.
 */
public final class HwRuleViolation extends AssertionError {
    private final String register;
    private final String rule;

    public HwRuleViolation(String register, String rule) {
        super(register + ": " + rule);
        this.register = register;
        this.rule = rule;
    }

    public String register() {
        return register;
    }

    public String rule() {
        return rule;
    }
}
