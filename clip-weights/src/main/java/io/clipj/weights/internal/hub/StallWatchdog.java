package io.clipj.weights.internal.hub;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closes a response body that delivers too little: nothing at all for the stall limit (a dropped CDN
 * connection, which is then resumed), or less than the minimum rate over a rate window (a body trickled a byte at
 * a time, which is abandoned). The JDK {@code HttpClient}'s request timeout only covers the wait for headers;
 * without this a read would block forever. Closing the stream makes the blocked read return.
 *
 * <p>Thread-safe: the downloading thread reports progress, a shared daemon thread checks it.
 */
public final class StallWatchdog {

    /** Why the body was closed. */
    public enum Verdict {
        /** Still running, or stopped normally. */
        NONE,
        /** No byte for the stall limit. */
        STALLED,
        /** Some bytes, but fewer than the minimum rate over a window. */
        TOO_SLOW
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clipj-hub-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final InputStream in;
    private final long stallNanos;
    private final long minRate;
    private final long windowNanos;
    private volatile long lastProgress = System.nanoTime();
    private volatile long bytes;
    private long windowStart = System.nanoTime();
    private long windowStartBytes;
    private volatile long windowBytes = -1;
    private final AtomicReference<Verdict> verdict = new AtomicReference<>(Verdict.NONE);
    private ScheduledFuture<?> task;

    private StallWatchdog(InputStream in, Duration stall, long minRate, Duration window) {
        this.in = in;
        this.stallNanos = stall.toNanos();
        this.minRate = minRate;
        this.windowNanos = window.toNanos();
    }

    /**
     * Watches {@code in}: closes it after {@code stall} without a byte, or when fewer than {@code minRate} bytes per
     * second (0: no minimum) arrive over a {@code window}.
     */
    public static StallWatchdog watch(InputStream in, Duration stall, long minRate, Duration window) {
        StallWatchdog w = new StallWatchdog(in, stall, minRate, window);
        long shortest = Math.min(stall.toMillis(), window.toMillis());
        long period = Math.max(20, Math.min(1000, shortest / 4));
        w.task = TIMER.scheduleAtFixedRate(w::check, period, period, TimeUnit.MILLISECONDS);
        return w;
    }

    /** Called by the reader after each read of {@code n > 0} bytes. */
    public void progressed(int n) {
        lastProgress = System.nanoTime();
        bytes += n;
    }

    public Verdict verdict() {
        return verdict.get();
    }

    public boolean fired() {
        return verdict.get() != Verdict.NONE;
    }

    /** Bytes received during the window that was found too slow (valid when {@link Verdict#TOO_SLOW}). */
    public long slowWindowBytes() {
        return windowBytes;
    }

    public void stop() {
        task.cancel(false);
    }

    private void check() {
        long now = System.nanoTime();
        if (now - lastProgress > stallNanos) {
            fire(Verdict.STALLED);
            return;
        }
        if (now - windowStart >= windowNanos) {
            long got = bytes - windowStartBytes;
            double seconds = (now - windowStart) / 1e9;
            if (minRate > 0 && got > 0 && got < minRate * seconds) {
                windowBytes = got;
                fire(Verdict.TOO_SLOW);
                return;
            }
            windowStart = now;
            windowStartBytes = bytes;
        }
    }

    private void fire(Verdict why) {
        if (verdict.compareAndSet(Verdict.NONE, why)) {
            try {
                in.close();
            } catch (IOException ignored) {
                // The stream is being abandoned; the reader sees the failure.
            }
            task.cancel(false);
        }
    }
}
