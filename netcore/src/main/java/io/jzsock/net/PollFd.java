package io.jzsock.net;

/** {@code struct zsock_pollfd}: caller-owned, reused across poll calls. */
public final class PollFd {
    public int fd;
    public int events;
    public int revents;

    public PollFd() {
        fd = -1;
    }

    public PollFd(int fd, int events) {
        this.fd = fd;
        this.events = events;
    }

    public PollFd set(int fd, int events) {
        this.fd = fd;
        this.events = events;
        this.revents = 0;
        return this;
    }
}
