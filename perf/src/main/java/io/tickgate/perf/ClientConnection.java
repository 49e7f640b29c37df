package io.tickgate.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One load-generator WebSocket client: a {@link WebSocket.Listener} that scans every text frame with a
 * {@link FrameScanner}, checks seqs with a {@link SeqTracker} and records latency = now − ts (µs) of each tick
 * whose ts (its intended send time) lies in the measurement window, into its own HdrHistogram {@link Recorder}.
 * <p>
 * java.net.http calls a listener's methods one at a time (possibly from different pool threads, with
 * happens-before between calls), so the counters have a single writer; they are volatile so the progress reporter
 * can read them. Frames split into parts are joined in a reused {@link StringBuilder}.
 */
final class ClientConnection implements WebSocket.Listener, FrameScanner.Handler
{
    static final long HIGHEST_TRACKABLE_MICROS = 60_000_000L;
    static final int CLOSE_POLICY_VIOLATION = 1008;

    final int id;
    final int[] symbols;
    private final SymbolIndex index;
    private final EpochMicrosClock clock;
    private final FrameScanner scanner = new FrameScanner();
    private final SeqTracker seqs;
    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
    private final StringBuilder partial = new StringBuilder(1024);
    private volatile long measureStartMicros = Long.MAX_VALUE;
    private volatile long measureEndMicros = Long.MAX_VALUE;
    private long nowMicros;
    private Histogram interval;

    volatile WebSocket socket;
    volatile long messages;
    volatile long ticks;
    volatile long snapshots;
    volatile long frames;
    volatile long binaryFrames;
    volatile long bytes;
    volatile long subscribedAcks;
    volatile long errorMessages;
    volatile long parseErrors;
    volatile long unknownSymbols;
    volatile long gapEvents;
    volatile long missing;
    volatile long disorder;
    volatile boolean welcomed;
    volatile boolean closed;
    volatile int closeCode;
    volatile String closeReason;
    volatile String lastErrorCode;
    volatile Throwable failure;

    ClientConnection(
        final int id, final int[] symbols, final SymbolIndex index, final boolean full, final EpochMicrosClock clock)
    {
        this.id = id;
        this.symbols = symbols;
        this.index = index;
        this.clock = clock;
        this.seqs = new SeqTracker(index.size(), full);
    }

    /** Record only ticks whose ts (intended send time, epoch µs) is in [start, end). */
    void measureWindow(final long startMicros, final long endMicros)
    {
        measureEndMicros = endMicros;
        measureStartMicros = startMicros;
    }

    /**
     * Latencies recorded since the previous call; the returned histogram is recycled on the next call, so use it
     * before calling again. Called by the reporter thread only.
     *
     * @return the interval histogram.
     */
    Histogram intervalHistogram()
    {
        interval = recorder.getIntervalHistogram(interval);
        return interval;
    }

    boolean isCutOff()
    {
        return closed && closeCode == CLOSE_POLICY_VIOLATION;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        socket = webSocket;
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        if (!last)
        {
            partial.append(data);
            return null;
        }
        CharSequence frame = data;
        if (partial.length() > 0)
        {
            partial.append(data);
            frame = partial;
        }
        onFrame(frame);
        partial.setLength(0);
        return null;
    }

    void onFrame(final CharSequence frame)
    {
        nowMicros = clock.nowMicros();
        frames++;
        bytes += frame.length();
        if (scanner.scan(frame, this) < 0)
        {
            parseErrors++;
        }
        gapEvents = seqs.gapEvents();
        missing = seqs.missing();
        disorder = seqs.duplicates() + seqs.backwards();
    }

    @Override
    public void onMessage(final FrameScanner s, final CharSequence frame)
    {
        messages++;
        switch (s.type())
        {
            case FrameScanner.TYPE_TICK:
            {
                ticks++;
                final int symbol = symbolIndex(s, frame);
                if (symbol >= 0 && FrameScanner.MISSING != s.seq())
                {
                    seqs.onTick(symbol, s.seq());
                }
                final long ts = s.ts();
                if (ts >= measureStartMicros && ts < measureEndMicros)
                {
                    recorder.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, nowMicros - ts)));
                }
                break;
            }
            case FrameScanner.TYPE_SNAPSHOT:
            {
                snapshots++;
                final int symbol = symbolIndex(s, frame);
                if (symbol >= 0 && FrameScanner.MISSING != s.seq())
                {
                    seqs.onSnapshot(symbol, s.seq());
                }
                break;
            }
            case FrameScanner.TYPE_WELCOME:
                welcomed = true;
                break;
            case FrameScanner.TYPE_SUBSCRIBED:
                subscribedAcks++;
                break;
            case FrameScanner.TYPE_ERROR:
                errorMessages++;
                if (s.codeStart() >= 0)
                {
                    lastErrorCode = frame.subSequence(s.codeStart(), s.codeEnd()).toString();
                }
                break;
            default:
                break;
        }
    }

    private int symbolIndex(final FrameScanner s, final CharSequence frame)
    {
        if (s.symbolStart() < 0)
        {
            return -1;
        }
        final int symbol = index.indexOf(frame, s.symbolStart(), s.symbolEnd());
        if (symbol < 0)
        {
            unknownSymbols++;
        }
        return symbol;
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        if (last)
        {
            binaryFrames++;
        }
        bytes += data.remaining();
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closeCode = statusCode;
        closeReason = reason;
        closed = true;
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        failure = error;
        closed = true;
    }
}
