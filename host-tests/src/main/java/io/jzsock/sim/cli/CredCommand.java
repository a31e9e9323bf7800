package io.jzsock.sim.cli;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.CredentialFlash;
import io.jzsock.boards.CredentialNames;
import io.jzsock.net.Errno;
import io.jzsock.sim.board.FlashFile;
import io.jzsock.sim.hw.SimSoc;
import io.jzsock.tls.CredentialInfo;
import io.jzsock.tls.TlsCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code cred add|list|delete}: provisions TLS credentials into a simulated board's flash file, after
 * Zephyr's TLS credentials shell. It mounts the board's credential sectors from the file with the
 * board's own code ({@link CredentialFlash} over the flash controller), calls {@link TlsCredentials}
 * as firmware would, prints its return codes by errno name, and writes the file back if the flash
 * changed. A board booted by {@code run --flash} over the same file finds what was added.
 *
 * <p>{@code list} prints tag, type, length and the SHA-256 of the stored bytes (DER for a certificate or
 * key added as PEM, so it matches {@code openssl x509 -outform DER | sha256sum}). The bytes come through
 * {@link TlsCredentials#get}, so a key or PSK added {@code --non-exportable} shows no digest: a digest
 * of a guessable PSK would let anyone who sees the listing test guesses offline. An exportable secret
 * can be read back by any code anyway, and its digest only identifies it.
 */
final class CredCommand implements Command {
    static final String DEFAULT_BOARD = "f767zi";

    @Override
    public String synopsis() {
        return "cred add|list|delete [--tag N --type T] [--flash FILE] [--board B]";
    }

    @Override
    public String description() {
        return "TLS credentials in a board's flash file (" + FlashFile.DEFAULT_NAME + "), see cred help";
    }

    /** The parsed options of one invocation. */
    private static final class Args {
        String sub;
        Integer tag;
        int type = -1;
        boolean nonExportable;
        Path flash = Path.of(FlashFile.DEFAULT_NAME);
        BoardDefinition board = board(DEFAULT_BOARD);
        Path file;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args();
        String bad = parse(argv, a);
        if (bad != null) {
            err.println("cred: " + bad);
            usage(err);
            return Main.USAGE;
        }
        if (a.sub.equals("help")) {
            usage(out);
            return Main.OK;
        }
        SimSoc soc = new SimSoc(a.board.part, 0);
        FlashFile file;
        CredentialFlash flash;
        try {
            file = FlashFile.load(a.flash, a.board, soc.flash());
            flash = CredentialFlash.mount(a.board, soc.bus());
        } catch (IOException | IllegalStateException e) {
            err.println("cred: " + e.getMessage());
            return Main.FAILED;
        }
        if (flash.dropped() > 0) {
            err.println("cred: warning: " + flash.dropped() + " record(s) in " + a.flash + " failed their CRC and were"
                    + " dropped at mount");
        }
        int rc = switch (a.sub) {
            case "add" -> add(a, flash.credentials(), out, err);
            case "delete" -> delete(a, flash.credentials(), out, err);
            default -> list(a, flash, out);
        };
        if (file.existed() || !a.sub.equals("list")) {
            file.sync();
        }
        return rc;
    }

    private static String parse(String[] argv, Args a) {
        if (argv.length == 0) {
            return "add, list, delete or help expected";
        }
        // Zephyr's shell spells it "cred del".
        a.sub = argv[0].equals("del") ? "delete" : argv[0];
        if (!a.sub.equals("add") && !a.sub.equals("list") && !a.sub.equals("delete") && !a.sub.equals("help")) {
            return "unknown subcommand: " + a.sub;
        }
        for (int i = 1; i < argv.length; i++) {
            String opt = argv[i];
            if (opt.equals("--non-exportable")) {
                a.nonExportable = true;
                continue;
            }
            if (!opt.startsWith("--")) {
                if (!a.sub.equals("add") || a.file != null) {
                    return "unexpected argument: " + opt;
                }
                a.file = Path.of(opt);
                continue;
            }
            if (i + 1 >= argv.length) {
                return opt + " needs a value";
            }
            String v = argv[++i];
            switch (opt) {
                case "--tag" -> {
                    try {
                        a.tag = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        return "--tag must be an integer (sec_tag, 0 to " + Integer.MAX_VALUE + "): " + v;
                    }
                }
                case "--type" -> {
                    a.type = CredentialNames.typeOf(v);
                    if (a.type < 0) {
                        return "unknown --type " + v + " (one of " + CredentialNames.allNames() + ")";
                    }
                }
                case "--flash" -> a.flash = Path.of(v);
                case "--board" -> {
                    a.board = board(v);
                    if (a.board == null) {
                        return "unknown --board " + v + " (f767zi, f746zg or f429zi)";
                    }
                }
                default -> {
                    return "unknown option: " + opt;
                }
            }
        }
        boolean keyed = a.sub.equals("add") || a.sub.equals("delete");
        if (keyed && (a.tag == null || a.type < 0)) {
            return a.sub + " needs --tag N and --type " + CredentialNames.allNames().replace(", ", "|");
        }
        if (!keyed && (a.tag != null || a.type >= 0)) {
            return a.sub + " takes no --tag or --type";
        }
        if (a.nonExportable && !a.sub.equals("add")) {
            return "--non-exportable is an option of add";
        }
        if (a.sub.equals("add") && a.file == null) {
            return "add needs the credential FILE (PEM or DER; psk and psk-id: the raw bytes)";
        }
        return null;
    }

    /** "f767zi" or Zephyr's "nucleo_f767zi"; null if neither names a board. */
    static BoardDefinition board(String name) {
        BoardDefinition d = BoardDefinition.byName(name);
        return d != null ? d : BoardDefinition.byName("nucleo_" + name);
    }

    private static int add(Args a, TlsCredentials creds, PrintStream out, PrintStream err) {
        byte[] data;
        try {
            data = Files.readAllBytes(a.file);
        } catch (NoSuchFileException e) {
            err.println("cred add: no such file: " + a.file);
            return Main.FAILED;
        } catch (IOException e) {
            err.println("cred add: cannot read " + a.file + ": " + e.getMessage());
            return Main.FAILED;
        }
        int len = a.type == TlsCredentials.PSK_ID ? withoutLineEnd(data) : data.length;
        int r = creds.add(a.tag, a.type, data, 0, len, a.nonExportable ? TlsCredentials.FLAG_NON_EXPORTABLE : 0);
        String key = key(a.tag, a.type);
        if (r < 0) {
            err.println("cred add: " + key + ": " + Errno.name(r) + " (" + addFailure(r, a, creds, data) + ")");
            return Main.FAILED;
        }
        CredentialInfo c = find(creds, a.tag, a.type);
        out.println("added " + key + ": " + c.length + " B" + (c.length != len ? " (DER decoded from " + len + " B of PEM)"
                : "") + (len != data.length ? " (line end after the identity dropped)" : "")
                + (c.exportable() ? "" : ", non-exportable") + ", in " + a.flash);
        return Main.OK;
    }

    /** An identity written with {@code echo} ends in a line break that is not part of it. */
    private static int withoutLineEnd(byte[] data) {
        int n = data.length;
        if (n > 0 && data[n - 1] == '\n') {
            n--;
            if (n > 0 && data[n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    private static String addFailure(int r, Args a, TlsCredentials creds, byte[] data) {
        if (r == -Errno.EEXIST) {
            return "already in " + a.flash + "; cred delete --tag " + a.tag + " --type " + CredentialNames.typeName(a.type)
                    + " first";
        }
        if (r == -Errno.ENOMEM) {
            return "no room: a credential holds at most " + creds.maxCredentialBytes() + " B after PEM decoding, and the"
                    + " store is full at its slots or bytes (cred list shows what is there)";
        }
        if (r == -Errno.EIO) {
            return "the flash failed to program or erase; nothing was stored";
        }
        if (a.tag < 0) {
            return "negative tags are reserved";
        }
        if (a.nonExportable && a.type != TlsCredentials.PRIVATE_KEY && a.type != TlsCredentials.PSK) {
            return "--non-exportable is for key and psk only";
        }
        if (data.length == 0) {
            return a.file + " is empty";
        }
        return "not DER, or PEM without a well-formed block of the kind --type "
                + CredentialNames.typeName(a.type) + " needs";
    }

    private static int delete(Args a, TlsCredentials creds, PrintStream out, PrintStream err) {
        int r = creds.delete(a.tag, a.type);
        String key = key(a.tag, a.type);
        if (r < 0) {
            String why = r == -Errno.ENOENT ? "not in " + a.flash : r == -Errno.EINVAL ? "negative tags are reserved"
                    : "the flash failed to program or erase; the credential is kept";
            err.println("cred delete: " + key + ": " + Errno.name(r) + " (" + why + ")");
            return Main.FAILED;
        }
        out.println("deleted " + key + " from " + a.flash);
        return Main.OK;
    }

    private static int list(Args a, CredentialFlash flash, PrintStream out) throws Exception {
        TlsCredentials creds = flash.credentials();
        out.println(String.format("%-10s %-6s %6s  %s", "tag", "type", "bytes", "sha256"));
        byte[] buf = new byte[creds.maxCredentialBytes()];
        int[] len = new int[1];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        CredentialInfo c = new CredentialInfo();
        int n = 0;
        while (creds.next(c) == 0) {
            len[0] = buf.length;
            int r = creds.get(c.tag, c.type, buf, 0, len);
            String digest = r == 0 ? HexFormat.of().formatHex(sha.digest(Arrays.copyOf(buf, len[0])))
                    : r == -Errno.EACCES ? "non-exportable" : Errno.name(r);
            Arrays.fill(buf, (byte) 0);
            out.println(String.format("%-10d %-6s %6d  %s", c.tag, CredentialNames.typeName(c.type), c.length, digest));
            n++;
        }
        BoardDefinition b = flash.board();
        out.println(n + " credential" + (n == 1 ? "" : "s") + " in " + a.flash + " (" + b.name + " sectors "
                + b.credentialSectorA + "+" + b.credentialSectorB + "), " + flash.dropped() + " dropped at mount, "
                + flash.store().bytesUsed() + " B used, " + flash.store().bytesFree() + " B free");
        return Main.OK;
    }

    private static CredentialInfo find(TlsCredentials creds, int tag, int type) {
        CredentialInfo c = new CredentialInfo();
        while (creds.next(c) == 0) {
            if (c.tag == tag && c.type == type) {
                return c;
            }
        }
        throw new IllegalStateException("added " + key(tag, type) + " is not listed");
    }

    private static String key(int tag, int type) {
        return "tag " + tag + " " + CredentialNames.typeName(type);
    }

    private static void usage(PrintStream out) {
        out.println("usage: cred add --tag N --type " + CredentialNames.allNames().replace(", ", "|")
                + " [--non-exportable] [--flash FILE] [--board B] FILE");
        out.println("       cred list [--flash FILE] [--board B]");
        out.println("       cred delete (or del) --tag N --type T [--flash FILE] [--board B]");
        out.println("  FILE: a certificate or key in PEM or DER (PEM is stored as DER); psk and psk-id: the raw bytes");
        out.println("  --non-exportable: key or psk usable by TLS but not readable back (get: EACCES; list: no digest)");
        out.println("  --flash: the board's flash file (default " + FlashFile.DEFAULT_NAME + ", as run uses next to its"
                + " pcap); --board: f767zi (default), f746zg or f429zi");
    }
}
