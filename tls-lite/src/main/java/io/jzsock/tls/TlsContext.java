package io.jzsock.tls;

import io.jzsock.net.NetStack;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.tls.bc.BcTls;

/**
 * What every TLS socket of one stack shares: the stack's socket host, the credentials, the sizes, the
 * peer verifier with its wall clock, and the engine's crypto and session cache. Built once by
 * {@link TlsSockets#install}.
 */
final class TlsContext {
    final NetStack stack;
    final SocketHost host;
    final TlsCredentials creds;
    final TlsConfig cfg;
    final TlsKeys keys;
    final PeerVerifier verifier;
    final BcTls engine;
    final Runnable purge;

    TlsContext(NetStack stack, TlsCredentials creds, TlsConfig cfg, WallClock clock) {
        this.stack = stack;
        this.host = stack.socketHost();
        this.creds = creds;
        this.cfg = cfg;
        this.keys = new TlsKeys(creds, cfg);
        this.verifier = new PeerVerifier(creds, clock);
        this.engine = new BcTls(stack.entropy(), cfg.sessionCacheEntries);
        this.purge = new Runnable() {
            @Override
            public void run() {
                engine.sessions().purge();
            }
        };
    }

    TlsOptions newOptions() {
        return new TlsOptions(cfg, keys, engine.defaultCipherSuites(), purge);
    }
}
