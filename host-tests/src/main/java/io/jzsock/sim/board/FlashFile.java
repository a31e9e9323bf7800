package io.jzsock.sim.board;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.sim.hw.FlashModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

/**
 * A simulated board's flash kept in a file, so what the board wrote (its credentials) survives a restart
 * of the simulator as it survives a reset on a real board. A missing file is an erased flash (all 0xFF).
 *
 * <p>Format: a {@value #HEADER_SIZE}-byte header, then the whole flash array byte for byte from
 * 0x08000000 ({@code tail -c +65 FILE} is the raw image). The header names the board, so a file is only
 * used by the board it was written for: a nucleo_f767zi and a nucleo_f429zi both have 2 MB of flash but
 * keep credentials in different sectors. Header, big-endian: "JZSFLASH", version (u32), flash size
 * (u32), board name (ASCII, zero padded to 48 bytes).
 *
 * <p>Written back atomically (a temporary file in the same directory, then a rename), and only when the
 * board's flash changed since it was loaded, so a board that only read its credentials never overwrites
 * a file another command changed meanwhile; a board whose flash changed too refuses to overwrite such a
 * file (it would undo the other command's change). On POSIX the file is owner read/write only, as
 * {@link Files#createTempFile} makes it: it holds the secrets in clear, as the chip's flash does.
 */
public final class FlashFile {
    public static final String DEFAULT_NAME = "jzsock-board.flash";
    static final int HEADER_SIZE = 64;
    private static final byte[] MAGIC = "JZSFLASH".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int NAME_OFFSET = 16;

    private final Path path;
    private final BoardDefinition board;
    private final FlashModel flash;
    private final boolean existed;
    private long savedSteps;
    /** The file as last loaded or saved; null while there is no file. */
    private Stamp stamp;

    /**
     * Which file, and when written: each save renames a new file into place, so another writer changes the
     * file key (the inode) even within the file system's timestamp granularity.
     */
    private record Stamp(Object key, FileTime modified) {
        static Stamp of(Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime());
        }
    }

    private FlashFile(Path path, BoardDefinition board, FlashModel flash, boolean existed, Stamp stamp) {
        this.path = path;
        this.board = board;
        this.flash = flash;
        this.existed = existed;
        this.savedSteps = flash.steps();
        this.stamp = stamp;
    }

    /**
     * Loads {@code path} into {@code flash} (a missing file leaves it erased) and keeps it for
     * {@link #sync()}. Throws IOException with a readable message if the file is not a flash file, is
     * truncated, or was written for another board.
     */
    public static FlashFile load(Path path, BoardDefinition board, FlashModel flash) throws IOException {
        byte[] array = flash.array();
        if (array.length != board.flashSize()) {
            throw new IllegalArgumentException("FlashFile: the flash model is not " + board.name + "'s");
        }
        byte[] data;
        Stamp stamp;
        try {
            stamp = Stamp.of(path);
            data = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            Arrays.fill(array, (byte) 0xFF);
            return new FlashFile(path, board, flash, false, null);
        }
        check(path, board, data);
        System.arraycopy(data, HEADER_SIZE, array, 0, array.length);
        return new FlashFile(path, board, flash, true, stamp);
    }

    private static void check(Path path, BoardDefinition board, byte[] data) throws IOException {
        if (data.length < HEADER_SIZE || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw new IOException(path + " is not a jzsock flash file (no JZSFLASH header)");
        }
        ByteBuffer h = ByteBuffer.wrap(data, 0, HEADER_SIZE);
        int version = h.getInt(MAGIC.length);
        int size = h.getInt(MAGIC.length + 4);
        String owner = name(data);
        if (version != VERSION) {
            throw new IOException(path + " has flash file version " + version + "; this simulator reads " + VERSION);
        }
        if (!owner.equals(board.name) || size != board.flashSize()) {
            throw new IOException(path + " holds the flash of " + owner + " (" + size / 1024 + " KB), not of "
                    + board.name + " (" + board.flashSize() / 1024 + " KB): its credentials are in other sectors;"
                    + " use --board " + owner + ", or another --flash file for " + board.name);
        }
        if (data.length != HEADER_SIZE + size) {
            throw new IOException(path + " is truncated or padded: " + (data.length - HEADER_SIZE) + " bytes of flash, "
                    + board.name + " has " + size);
        }
    }

    private static String name(byte[] data) {
        int end = NAME_OFFSET;
        while (end < HEADER_SIZE && data[end] != 0) {
            end++;
        }
        return new String(data, NAME_OFFSET, end - NAME_OFFSET, StandardCharsets.US_ASCII);
    }

    public Path path() {
        return path;
    }

    /** True if the file was there at load; false: the flash started erased. */
    public boolean existed() {
        return existed;
    }

    /** One line for the boot log. */
    public String describe() {
        return "flash: " + path.toAbsolutePath() + (existed ? " (loaded)" : " (not there yet: erased flash)");
    }

    /** True if the board programmed or erased its flash since the last load or save. */
    public boolean changed() {
        return flash.steps() != savedSteps;
    }

    /**
     * Writes the flash back if it {@link #changed()}; returns whether it wrote. Throws IOException, and
     * leaves the file alone, if someone else rewrote the file since this board loaded or saved it.
     */
    public boolean sync() throws IOException {
        if (!changed()) {
            return false;
        }
        Stamp now = Files.exists(path) ? Stamp.of(path) : null;
        if (now == null ? stamp != null : !now.equals(stamp)) {
            throw new IOException(path + " was " + (now == null ? "removed" : "rewritten") + " since " + board.name
                    + " loaded it (a cred command while the board ran?); not overwritten, so the board's own flash"
                    + " changes since then are lost");
        }
        save();
        return true;
    }

    /** Writes the flash to the file: temporary file, then rename over the old one. */
    public void save() throws IOException {
        long steps = flash.steps();
        byte[] array = flash.array();
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + array.length);
        out.put(MAGIC).putInt(VERSION).putInt(array.length);
        out.put(board.name.getBytes(StandardCharsets.US_ASCII));
        out.position(HEADER_SIZE);
        out.put(array);
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, out.array());
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        savedSteps = steps;
        stamp = Stamp.of(abs);
    }
}
