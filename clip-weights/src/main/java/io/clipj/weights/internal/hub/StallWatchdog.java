package io.clipj.weights.internal.hub;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a response body that has delivered no bytes for a while. The JDK {@code HttpClient}'s request timeout
 * only covers the wait for headers; a CDN connection that stalls mid-body would otherwise block forever. Closing
 * the stream makes the blocked read return, and the download resumes with a Range request.
 *
 * <p>Thread-safe: the downloading thread reports progress, a shared daemon thread checks it.
 */
public final class StallWatchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clipj-hub-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final InputStream in;
    private final long limitNanos;
    private volatile long lastProgress = System.nanoTime();
    private final AtomicBoolean fired = new AtomicBoolean();
    private ScheduledFuture<?> task;

    private StallWatchdog(InputStream in, Duration limit) {
        this.in = in;
        this.limitNanos = limit.toNanos();
    }

    public static StallWatchdog watch(InputStream in, Duration limit) {
        StallWatchdog w = new StallWatchdog(in, limit);
        long period = Math.max(50, Math.min(1000, limit.toMillis() / 4));
        w.task = TIMER.scheduleAtFixedRate(w::check, period, period, TimeUnit.MILLISECONDS);
        return w;
    }

    public void progressed() {
        lastProgress = System.nanoTime();
    }

    public boolean fired() {
        return fired.get();
    }

    public void stop() {
        task.cancel(false);
    }

    private void check() {
        if (System.nanoTime() - lastProgress > limitNanos && fired.compareAndSet(false, true)) {
            try {
                in.close();
            } catch (IOException ignored) {
                // The stream is being abandoned; the reader sees the failure.
            }
            task.cancel(false);
        }
    }
}
