package io.jzsock.boards;

/** Told each boot step as it completes, for a console or a status LED. */
public interface BootListener {
    void step(String what);
}
