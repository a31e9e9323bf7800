package io.jzsock.net;

/**
 * Who is calling, for {@link NetStack#zsock()} when {@link NetConfig#socketOwnership} is on and the
 * caller did not pick a per-owner view with {@link NetStack#zsock(Object)}. Installed once at setup
 * with {@link NetStack#setOwnerResolver}; called with the stack's monitor held on every call of
 * that view, so it must answer at once and allocate nothing.
 *
 * <p>On a MicroEJ board with Kernel &amp; Features the adapter answers
 * {@code Kernel.isInKernelMode() ? null : Kernel.getContextOwner()}: the Feature (sandboxed
 * application) whose code runs on the calling thread, or null for the Kernel, which acts as the
 * supervisor. The same adapter registers a {@code FeatureStateListener} with
 * {@code Kernel.addFeatureStateListener} and calls {@link NetStack#release} with the Feature when
 * {@code stateChanged} reports it STOPPED. Netcore does not depend on {@code ej.kf}; the adapter lives
 * with the board's Kernel.
 */
public interface OwnerResolver {
    /** The owner of the calling thread, or null for the supervisor (may use every fd). */
    Object currentOwner();
}
