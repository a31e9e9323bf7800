package io.jzsock.net;

/**
 * errno values exactly as Zephyr's minimal libc defines them ({@code lib/libc/minimal/include/errno.h}).
 * They are not Linux's numbers: {@code EAGAIN} is 11 on both, but {@code ENOTSUP} is 35 here.
 * Every zsock call returns {@code -Errno.X} on failure.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EWOULDBLOCK = EAGAIN;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ENAMETOOLONG = 26;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int EPIPE = 32;
    public static final int EDEADLK = 33;
    public static final int ENOLCK = 34;
    public static final int ENOTSUP = 35;
    public static final int EMSGSIZE = 36;
    public static final int EDOM = 37;
    public static final int ERANGE = 38;
    public static final int EDESTADDRREQ = 40;
    public static final int EPROTOTYPE = 41;
    public static final int ENOPROTOOPT = 42;
    public static final int EPROTONOSUPPORT = 43;
    public static final int ESOCKTNOSUPPORT = 44;
    public static final int EOPNOTSUPP = 45;
    public static final int EPFNOSUPPORT = 46;
    public static final int EAFNOSUPPORT = 47;
    public static final int EADDRINUSE = 48;
    public static final int EADDRNOTAVAIL = 49;
    public static final int ENOTSOCK = 50;
    public static final int ENETUNREACH = 51;
    public static final int ENETRESET = 52;
    public static final int ECONNABORTED = 53;
    public static final int ECONNRESET = 54;
    public static final int ENOBUFS = 55;
    public static final int EISCONN = 56;
    public static final int ENOTCONN = 57;
    public static final int ESHUTDOWN = 58;
    public static final int ETOOMANYREFS = 59;
    public static final int ETIMEDOUT = 60;
    public static final int ECONNREFUSED = 61;
    public static final int ENETDOWN = 62;
    public static final int ETXTBSY = 63;
    public static final int ELOOP = 64;
    public static final int EHOSTUNREACH = 65;
    public static final int ENOTBLK = 66;
    public static final int EHOSTDOWN = 67;
    public static final int EINPROGRESS = 68;
    public static final int EALREADY = 69;
    public static final int ENOSYS = 71;
    public static final int ECANCELED = 72;
    public static final int ENOSR = 74;
    public static final int ENOSTR = 75;
    public static final int EPROTO = 76;
    public static final int EBADMSG = 77;
    public static final int ENODATA = 78;
    public static final int ETIME = 79;
    public static final int ENOMSG = 80;
    public static final int EILSEQ = 138;

    private static final int[] CODES = {
        EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, ECHILD, EAGAIN, ENOMEM, EACCES,
        EFAULT, EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL, ENFILE, EMFILE, ENOTTY,
        ENAMETOOLONG, EFBIG, ENOSPC, ESPIPE, EROFS, EMLINK, EPIPE, EDEADLK, ENOLCK, ENOTSUP, EMSGSIZE,
        EDOM, ERANGE, EDESTADDRREQ, EPROTOTYPE, ENOPROTOOPT, EPROTONOSUPPORT, ESOCKTNOSUPPORT,
        EOPNOTSUPP, EPFNOSUPPORT, EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, ENOTSOCK, ENETUNREACH,
        ENETRESET, ECONNABORTED, ECONNRESET, ENOBUFS, EISCONN, ENOTCONN, ESHUTDOWN, ETOOMANYREFS,
        ETIMEDOUT, ECONNREFUSED, ENETDOWN, ETXTBSY, ELOOP, EHOSTUNREACH, ENOTBLK, EHOSTDOWN,
        EINPROGRESS, EALREADY, ENOSYS, ECANCELED, ENOSR, ENOSTR, EPROTO, EBADMSG, ENODATA, ETIME,
        ENOMSG, EILSEQ,
    };
    private static final String[] NAMES = {
        "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN",
        "ENOMEM", "EACCES", "EFAULT", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL",
        "ENFILE", "EMFILE", "ENOTTY", "ENAMETOOLONG", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK",
        "EPIPE", "EDEADLK", "ENOLCK", "ENOTSUP", "EMSGSIZE", "EDOM", "ERANGE", "EDESTADDRREQ",
        "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT",
        "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENOTSOCK", "ENETUNREACH", "ENETRESET",
        "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS",
        "ETIMEDOUT", "ECONNREFUSED", "ENETDOWN", "ETXTBSY", "ELOOP", "EHOSTUNREACH", "ENOTBLK",
        "EHOSTDOWN", "EINPROGRESS", "EALREADY", "ENOSYS", "ECANCELED", "ENOSR", "ENOSTR", "EPROTO",
        "EBADMSG", "ENODATA", "ETIME", "ENOMSG", "EILSEQ",
    };

    private Errno() {
    }

    /**
     * The symbolic name of an errno, positive or negative ({@code name(-11)} is {@code "EAGAIN"}), or
     * {@code "E?"} followed by nothing for an unknown code. Returns a constant: no allocation.
     */
    public static String name(int errno) {
        int e = errno < 0 ? -errno : errno;
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == e) {
                return NAMES[i];
            }
        }
        return "E?";
    }
}
