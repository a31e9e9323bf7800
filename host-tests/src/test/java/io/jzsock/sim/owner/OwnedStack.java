package io.jzsock.sim.owner;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;

/** The small default stack with socket ownership on, for the ownership tests. */
final class OwnedStack {
    private OwnedStack() {
    }

    static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.socketOwnership = true;
        cfg.maxOwners = 4;
        return cfg;
    }

    static NetStack start() {
        return NetStack.start(config());
    }
}
