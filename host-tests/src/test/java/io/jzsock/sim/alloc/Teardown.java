package io.jzsock.sim.alloc;

import java.util.ArrayList;
import java.util.List;

/** What a test started, closed in reverse order by its {@code @AfterEach}, whatever failed first. */
final class Teardown {
    interface Step {
        void run() throws Exception;
    }

    private final List<Step> steps = new ArrayList<>();

    <T> T add(T resource, Step close) {
        steps.add(close);
        return resource;
    }

    /** Starts {@code t} and stops it at teardown. */
    CommandedThread started(CommandedThread t) {
        return add(t.start(), t::stop);
    }

    void run() {
        Throwable first = null;
        for (int i = steps.size() - 1; i >= 0; i--) {
            try {
                steps.get(i).run();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                }
            }
        }
        steps.clear();
        if (first != null) {
            throw new AssertionError("teardown", first);
        }
    }
}
