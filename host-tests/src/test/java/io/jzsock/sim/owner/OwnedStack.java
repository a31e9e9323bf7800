package io.jzsock.sim.owner;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;

/** The default stack with socket ownership on, and room for a dozen TCP sockets, for the ownership tests. */
final class OwnedStack {
    private OwnedStack() {
    }

    static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.socketOwnership = true;
        cfg.maxOwners = 4;
        cfg.maxFds = 24;
        cfg.maxTcpConnections = 12;
        return cfg;
    }

    static NetStack start() {
        return NetStack.start(config());
    }
}
