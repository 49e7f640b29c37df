package io.tickgate.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line on standard error for a long job ({@code export}, {@code feed csv}), redrawn four times a second
 * by a thread of its own from counters the job keeps (volatile or atomic), so the job's loop has nothing to do for
 * it: {@code export: 1200000 / ~5000000 records [####                ] 24%, 812345 records/s, 1100000 ticks written}.
 */
final class Progress implements AutoCloseable
{
    private static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int BAR = 20;

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final LongSupplier done;
    private final LongSupplier total;
    private final Supplier<String> extra;
    private final long startNs = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param err   where the line goes.
     * @param label the job's name.
     * @param unit  what is counted ({@code records}, {@code lines}).
     * @param done  how many so far.
     * @param total how many in all, or 0 when not known.
     * @param extra more of the job's counters, shown after the rate (", 3 refused").
     */
    private Progress(final PrintWriter err, final String label, final String unit, final LongSupplier done,
        final LongSupplier total, final Supplier<String> extra)
    {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.done = done;
        this.total = total;
        this.extra = extra;
        this.thread = new Thread(this::run, "tickgate-progress");
        thread.setDaemon(true);
    }

    /**
     * @param show true to show it: {@code --progress}, or standard error is a terminal; false for nothing at all.
     * @return the running progress line; close it when the job ends (it prints the last line and a newline).
     * @see #Progress
     */
    static Progress start(final boolean show, final PrintWriter err, final String label, final String unit,
        final LongSupplier done, final LongSupplier total, final Supplier<String> extra)
    {
        final Progress progress = new Progress(err, label, unit, done, total, extra);
        if (show)
        {
            progress.thread.start();
        }
        return progress;
    }

    /**
     * @param progress the option, true to show progress even when standard error is not a terminal.
     * @return whether to show progress.
     */
    static boolean wanted(final boolean progress)
    {
        return progress || null != System.console();
    }

    private void run()
    {
        while (running)
        {
            LockSupport.parkNanos(this, INTERVAL_NS);
            if (running)
            {
                draw();
            }
        }
    }

    private synchronized void draw()
    {
        err.print(line());
        err.flush();
    }

    String line()
    {
        final long count = done.getAsLong();
        final long all = Math.max(total.getAsLong(), 0);
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
        final StringBuilder line = new StringBuilder(120).append('\r').append(label).append(": ").append(count);
        if (all > 0)
        {
            final long percent = Math.min(100, count * 100 / all);
            final int filled = (int)(percent * BAR / 100);
            line.append(" / ~").append(Math.max(all, count)).append(' ').append(unit).append(" [")
                .append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ").append(percent).append('%');
        }
        else
        {
            line.append(' ').append(unit);
        }
        return line.append(", ").append((long)(count / seconds)).append(' ').append(unit).append("/s")
            .append(extra.get()).append(' ').toString();
    }

    /**
     * Stop redrawing; when shown, draw the final line and end it.
     */
    public void close()
    {
        if (!thread.isAlive())
        {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        draw();
        err.println();
        err.flush();
    }
}
