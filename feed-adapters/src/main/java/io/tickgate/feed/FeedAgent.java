package io.tickgate.feed;

import io.tickgate.journal.JournalWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The feed thread: runs the market simulator and the TCP ingest, both appending through the one
 * {@link JournalWriter} this agent owns (single writer: seqs and symbol ids are stamped on one thread). Reads the clock
 * once per duty cycle.
 * <p>
 * <b>Note:</b> run by one {@link org.agrona.concurrent.AgentRunner}; hand it the writer, simulator and server before
 * it starts and touch them no more from other threads (the ingest counters excepted).
 */
public final class FeedAgent implements Agent
{
    private final JournalWriter writer;
    private final MarketSimulator simulator;
    private final TcpIngestServer tcpIngest;
    private final EpochNanoClock clock;
    private volatile boolean drainRequested;
    private volatile boolean ingestDrained;

    /**
     * @param writer    the journal writer; closed by {@link #onClose()}.
     * @param simulator the simulator, or null for none; it must write through {@code writer}.
     * @param tcpIngest the TCP ingest, or null for none; it must write through {@code writer}; closed on close.
     * @param clock     epoch clock handed to the simulator each cycle; prefer the zero-allocation
     *                  {@link org.agrona.concurrent.OffsetEpochNanoClock}.
     */
    public FeedAgent(
        final JournalWriter writer,
        final MarketSimulator simulator,
        final TcpIngestServer tcpIngest,
        final EpochNanoClock clock)
    {
        this.writer = writer;
        this.simulator = simulator;
        this.tcpIngest = tcpIngest;
        this.clock = clock;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork() throws Exception
    {
        int work = 0;
        if (null != simulator)
        {
            work += simulator.doWork(clock.nanoTime());
        }
        if (null != tcpIngest && !ingestDrained)
        {
            if (drainRequested)
            {
                drainIngest();
                work++;
            }
            else
            {
                work += tcpIngest.doWork();
            }
        }
        return work;
    }

    /**
     * Ask the agent's thread to {@link TcpIngestServer#drain() drain} the TCP ingest at its next duty cycle, so a
     * shutdown stops taking ticks first while the rest of the process still runs; any thread.
     */
    public void requestIngestDrain()
    {
        drainRequested = true;
    }

    /**
     * @return true when there is no TCP ingest or it has been drained and closed; any thread.
     */
    public boolean isIngestDrained()
    {
        return null == tcpIngest || ingestDrained;
    }

    /**
     * The journal writer belongs to this thread from now on.
     */
    public void onStart()
    {
        writer.claimForCurrentThread();
    }

    /**
     * Drain the TCP ingest (its clients' lines journaled, their final acknowledgements), then close the journal writer
     * (releasing the journal's writer lock).
     */
    public void onClose()
    {
        if (null != tcpIngest && !ingestDrained)
        {
            drainIngest();
        }
        CloseHelper.closeAll(tcpIngest, writer);
    }

    private void drainIngest()
    {
        tcpIngest.drain();
        ingestDrained = true;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "tickgate-feed";
    }
}
