package io.jzsock.boards;

import io.jzsock.bsp.FlashMemory;
import io.jzsock.bsp.RegisterBus;
import io.jzsock.bsp.stm32.FlashController;
import io.jzsock.net.Errno;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.CredentialInfo;
import io.jzsock.tls.FlashCredentialStore;
import io.jzsock.tls.TlsCredentials;

/**
 * A board's TLS credentials in its flash: a {@link FlashCredentialStore} over the two sectors its
 * {@link BoardDefinition} names, mounted (scanned, an interrupted compaction finished), and the
 * {@link TlsCredentials} over it that the TLS layer and provisioning use. Setup time only: mounting
 * reads both sectors and may erase one.
 */
public final class CredentialFlash {
    private final BoardDefinition board;
    private final FlashCredentialStore store;
    private final TlsCredentials credentials;

    private CredentialFlash(BoardDefinition board, FlashCredentialStore store, TlsCredentials credentials) {
        this.board = board;
        this.store = store;
        this.credentials = credentials;
    }

    /**
     * The sizes a board mounts with: {@link CredentialConfig#defaults()} (8 credentials of up to 4 KB).
     * The flash store's total is what one credential sector holds less its header (16 KB on the F429,
     * 32 KB on the F7), not {@code maxTotalBytes}, which sizes the RAM store's arena only.
     */
    public static CredentialConfig configFor(BoardDefinition board) {
        return CredentialConfig.defaults();
    }

    /** Mounts the credential sectors of a booted board through its flash interface, sized by {@link #configFor}. */
    public static CredentialFlash mount(BoardDefinition board, RegisterBus bus) {
        return mount(board, new FlashController(bus, board.part), configFor(board));
    }

    /**
     * Mounts {@code board}'s credential sectors of {@code flash}. Throws IllegalStateException if the flash
     * cannot be read or recovered ({@code -EIO}), as a failed boot step does.
     */
    public static CredentialFlash mount(BoardDefinition board, FlashMemory flash, CredentialConfig cfg) {
        FlashCredentialStore store = new FlashCredentialStore(flash, board.credentialSectorA, board.credentialSectorB,
                cfg);
        int r = store.mount();
        if (r < 0) {
            throw new IllegalStateException("credential flash (sectors " + board.credentialSectorA + "+"
                    + board.credentialSectorB + ") mount failed: " + Errno.name(r));
        }
        return new CredentialFlash(board, store, new TlsCredentials(store, cfg));
    }

    public BoardDefinition board() {
        return board;
    }

    public FlashCredentialStore store() {
        return store;
    }

    public TlsCredentials credentials() {
        return credentials;
    }

    /** Records dropped for a bad CRC at mount. */
    public int dropped() {
        return store.droppedRecords();
    }

    /**
     * What the board found at boot, without the secrets: "credentials: 2 in flash sectors 2+3 (tag 1 ca
     * 812 B, tag 2 key 1217 B non-exportable), 0 dropped, 2113 B used, 30655 B free".
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("credentials: ");
        sb.append(credentials.count()).append(" in flash sectors ").append(board.credentialSectorA).append('+')
                .append(board.credentialSectorB);
        CredentialInfo c = new CredentialInfo();
        String sep = " (";
        while (credentials.next(c) == 0) {
            sb.append(sep).append("tag ").append(c.tag).append(' ').append(CredentialNames.typeName(c.type))
                    .append(' ').append(c.length).append(" B");
            if (!c.exportable()) {
                sb.append(" non-exportable");
            }
            sep = ", ";
        }
        if (sep.equals(", ")) {
            sb.append(')');
        }
        sb.append(", ").append(dropped()).append(" dropped, ").append(store.bytesUsed()).append(" B used, ")
                .append(store.bytesFree()).append(" B free");
        return sb.toString();
    }
}
