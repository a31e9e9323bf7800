package io.jzsock.net;

/**
 * Every zsock constant with Zephyr's numeric value ({@code include/zephyr/net/socket.h},
 * {@code net_ip.h}, {@code net_compat.h}). Applications read them through {@link Zsock}, which
 * inherits them; this class only keeps the long list out of the API class.
 */
public class ZsockConstants {
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 1;
    public static final int AF_INET6 = 2;
    public static final int AF_PACKET = 3;
    public static final int AF_CAN = 4;
    public static final int AF_NET_MGMT = 5;
    public static final int AF_LOCAL = 6;
    public static final int AF_UNIX = AF_LOCAL;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;

    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_IGMP = 2;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_RAW = 255;
    public static final int IPPROTO_TLS_1_0 = 256;
    public static final int IPPROTO_TLS_1_1 = 257;
    public static final int IPPROTO_TLS_1_2 = 258;
    public static final int IPPROTO_TLS_1_3 = 259;
    public static final int IPPROTO_DTLS_1_0 = 272;
    public static final int IPPROTO_DTLS_1_2 = 273;

    public static final int SOL_SOCKET = 1;
    public static final int SOL_TLS = 282;

    public static final int SO_DEBUG = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_DONTROUTE = 5;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_OOBINLINE = 10;
    public static final int SO_PRIORITY = 12;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_TIMESTAMPING = 37;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int SO_SOCKS5 = 60;
    public static final int SO_TXTIME = 61;
    public static final int SCM_TXTIME = SO_TXTIME;
    public static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
    public static final int SOF_TIMESTAMPING_RX_HARDWARE = 1;
    public static final int SOF_TIMESTAMPING_TX_HARDWARE = 2;

    public static final int TCP_NODELAY = 1;
    public static final int TCP_KEEPIDLE = 2;
    public static final int TCP_KEEPINTVL = 3;
    public static final int TCP_KEEPCNT = 4;

    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_PKTINFO = 8;
    /** Linux's value; Zephyr main names it in {@code net_compat.h}. */
    public static final int IP_RECVTTL = 12;
    public static final int IP_MTU = 14;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;
    public static final int IP_LOCAL_PORT_RANGE = 51;

    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_ADD_MEMBERSHIP = 20;
    public static final int IPV6_DROP_MEMBERSHIP = 21;
    public static final int IPV6_MTU = 24;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_HOPLIMIT = 52;
    public static final int IPV6_TCLASS = 67;
    /** Aliases of IPV6_ADD_MEMBERSHIP / IPV6_DROP_MEMBERSHIP (RFC 3493 names). */
    public static final int IPV6_JOIN_GROUP = 20;
    public static final int IPV6_LEAVE_GROUP = 21;
    /** RFC 5014 source address preferences; the flag values below. */
    public static final int IPV6_ADDR_PREFERENCES = 72;
    public static final int IPV6_PREFER_SRC_TMP = 0x0001;
    public static final int IPV6_PREFER_SRC_PUBLIC = 0x0002;
    public static final int IPV6_PREFER_SRC_COA = 0x0004;
    public static final int IPV6_PREFER_SRC_CGA = 0x0008;
    public static final int IPV6_PREFER_SRC_PUBTMP_DEFAULT = 0x0100;
    public static final int IPV6_PREFER_SRC_HOME = 0x0400;
    public static final int IPV6_PREFER_SRC_NONCGA = 0x0800;

    public static final int TLS_SEC_TAG_LIST = 1;
    public static final int TLS_HOSTNAME = 2;
    public static final int TLS_CIPHERSUITE_LIST = 3;
    public static final int TLS_CIPHERSUITE_USED = 4;
    public static final int TLS_PEER_VERIFY = 5;
    public static final int TLS_DTLS_ROLE = 6;
    public static final int TLS_ALPN_LIST = 7;
    public static final int TLS_DTLS_HANDSHAKE_TIMEOUT_MIN = 8;
    public static final int TLS_DTLS_HANDSHAKE_TIMEOUT_MAX = 9;
    public static final int TLS_CERT_NOCOPY = 10;
    public static final int TLS_NATIVE = 11;
    public static final int TLS_SESSION_CACHE = 12;
    public static final int TLS_SESSION_CACHE_PURGE = 13;
    public static final int TLS_DTLS_CID = 14;
    public static final int TLS_DTLS_CID_STATUS = 15;
    public static final int TLS_DTLS_CID_VALUE = 16;
    public static final int TLS_DTLS_PEER_CID_VALUE = 17;
    public static final int TLS_DTLS_HANDSHAKE_ON_CONNECT = 18;
    public static final int TLS_CERT_VERIFY_RESULT = 19;
    public static final int TLS_CERT_VERIFY_CALLBACK = 20;
    public static final int TLS_PEER_VERIFY_NONE = 0;
    public static final int TLS_PEER_VERIFY_OPTIONAL = 1;
    public static final int TLS_PEER_VERIFY_REQUIRED = 2;
    public static final int TLS_DTLS_ROLE_CLIENT = 0;
    public static final int TLS_DTLS_ROLE_SERVER = 1;

    public static final int MSG_PEEK = 0x02;
    public static final int MSG_CTRUNC = 0x08;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITALL = 0x100;

    public static final int POLLIN = 0x01;
    public static final int POLLPRI = 0x02;
    public static final int POLLOUT = 0x04;
    public static final int POLLERR = 0x08;
    public static final int POLLHUP = 0x10;
    public static final int POLLNVAL = 0x20;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int O_NONBLOCK = 0x4000;
    /** {@code ZFD_IOCTL_FIONREAD}: bytes (stream) or next datagram size (datagram) readable now. */
    public static final int FIONREAD = 0x541B;
    /** {@code ZFD_IOCTL_FIONBIO}: argInOut[0] != 0 sets O_NONBLOCK. */
    public static final int FIONBIO = 0x5421;

    public static final int FD_SETSIZE = 1024;
    public static final int SOMAXCONN = 128;

    public static final int AI_PASSIVE = 0x1;
    public static final int AI_CANONNAME = 0x2;
    public static final int AI_NUMERICHOST = 0x4;
    public static final int AI_V4MAPPED = 0x8;
    public static final int AI_ALL = 0x10;
    public static final int AI_ADDRCONFIG = 0x20;
    public static final int AI_NUMERICSERV = 0x400;
    public static final int AI_EXTFLAGS = 0x800;

    public static final int NI_NUMERICHOST = 1;
    public static final int NI_NUMERICSERV = 2;
    public static final int NI_NOFQDN = 4;
    public static final int NI_NAMEREQD = 8;
    public static final int NI_DGRAM = 16;
    public static final int NI_MAXHOST = 64;

    /** getaddrinfo results ({@code DNS_EAI_*}): negative, and not errno values. */
    public static final int EAI_BADFLAGS = -1;
    public static final int EAI_NONAME = -2;
    public static final int EAI_AGAIN = -3;
    public static final int EAI_FAIL = -4;
    public static final int EAI_NODATA = -5;
    public static final int EAI_FAMILY = -6;
    public static final int EAI_SOCKTYPE = -7;
    public static final int EAI_SERVICE = -8;
    public static final int EAI_ADDRFAMILY = -9;
    public static final int EAI_MEMORY = -10;
    public static final int EAI_SYSTEM = -11;
    public static final int EAI_OVERFLOW = -12;
    public static final int EAI_INPROGRESS = -100;
    public static final int EAI_CANCELED = -101;
    public static final int EAI_NOTCANCELED = -102;
    public static final int EAI_ALLDONE = -103;
    public static final int EAI_IDN_ENCODE = -105;

    /** Byte lengths of the C structs, as getsockopt reports them in lenInOut. */
    public static final int SIZEOF_INT = 4;
    public static final int SIZEOF_SOCKADDR_IN = 8;
    public static final int SIZEOF_SOCKADDR_IN6 = 24;

    ZsockConstants() {
    }
}
