package io.tickgate.perf.load;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.perf.protocol.BinaryFrameReader;
import io.tickgate.perf.protocol.FrameScanner;
import io.tickgate.perf.protocol.SymbolIndex;
import io.tickgate.perf.ws.NioClientEngine;
import io.tickgate.perf.ws.WsClientListener;

import java.util.Arrays;

/**
 * One load-generator connection's receive side, independent of the WebSocket engine: every text frame is scanned
 * with a {@link FrameScanner}, seqs are checked with a {@link SeqTracker}, and latency = now − ts (µs) of each tick
 * whose ts (its intended send time) lies in the measurement window goes into a {@link LatencyRecorder}.
 * <p>
 * Two engines feed it: {@link NioClientEngine} (one IO thread owns the connection and calls {@link #onTextFrame}
 * with the payload bytes in place) and java.net.http through a {@link JdkListener} (one call at a time, possibly from
 * different pool threads, with happens-before between calls). Either way each connection has a single writer.
 * Per-message counts are plain fields; they are published to the volatile fields the progress reporter reads once
 * per frame, so the hot path has one set of volatile stores per frame, not per message.
 */
final class ClientConnection implements WsClientListener, FrameScanner.Handler,
    BinaryFrameReader.Handler
{
    static final int CLOSE_POLICY_VIOLATION = 1008;

    final int id;
    final int[] symbols;
    private final SymbolIndex index;
    private final EpochMicrosClock clock;
    private final FrameScanner scanner = new FrameScanner();
    private final SeqTracker seqs;
    private final LatencyRecorder latency;
    private volatile long measureStartMicros = Long.MAX_VALUE;
    private volatile long measureEndMicros = Long.MAX_VALUE;
    private long nowMicros;
    private long windowStart = Long.MAX_VALUE;
    private long windowEnd = Long.MAX_VALUE;
    private long nMessages;
    private long nTicks;
    private long nSnapshots;
    private long nAcks;
    private long nErrorMessages;
    private long nUnknownSymbols;

    /** Set once the WebSocket is open (either engine). */
    volatile boolean connected;
    volatile long messages;
    volatile long ticks;
    volatile long snapshots;
    volatile long frames;
    /** Binary frames the jdk engine counted without decoding them (the NIO engine decodes: {@link #frames}). */
    volatile long binaryFrames;
    private final BinaryFrameReader binaryReader = new BinaryFrameReader();
    private int[] wireIdToSymbol = new int[0];
    volatile long bytes;
    volatile long subscribedAcks;
    volatile long errorMessages;
    volatile long parseErrors;
    volatile long unknownSymbols;
    volatile long gapEvents;
    volatile long missing;
    volatile long disorder;
    volatile boolean closed;
    volatile int closeCode;
    volatile String lastErrorCode;
    volatile Throwable failure;

    ClientConnection(
        final int id, final int[] symbols, final SymbolIndex index, final boolean full, final EpochMicrosClock clock,
        final LatencyRecorder latency)
    {
        this.id = id;
        this.symbols = symbols;
        this.index = index;
        this.clock = clock;
        this.latency = latency;
        this.seqs = new SeqTracker(index.size(), full);
    }

    /** Record only ticks whose ts (intended send time, epoch µs) is in [start, end). */
    void measureWindow(final long startMicros, final long endMicros)
    {
        measureEndMicros = endMicros;
        measureStartMicros = startMicros;
    }

    boolean isCutOff()
    {
        return closed && closeCode == CLOSE_POLICY_VIOLATION;
    }

    @Override
    public void onOpen()
    {
        connected = true;
    }

    /** One complete text frame's payload, in place (NIO engine). */
    @Override
    public void onTextFrame(final byte[] payload, final int offset, final int length)
    {
        beginFrame(length);
        if (scanner.scan(payload, offset, length, this) < 0)
        {
            parseErrors++;
        }
        endFrame();
    }

    /** One complete text frame (jdk engine). */
    void onTextFrame(final CharSequence frame)
    {
        beginFrame(frame.length());
        if (scanner.scan(frame, this) < 0)
        {
            parseErrors++;
        }
        endFrame();
    }

    /** Part of a binary message (jdk engine): counted, not decoded. */
    void onBinaryPart(final int length, final boolean last)
    {
        if (last)
        {
            binaryFrames++;
        }
        bytes += length;
    }

    /**
     * One complete binary frame (NIO engine), read by a {@link BinaryFrameReader}: symbol definitions map the
     * gateway's ids to ours, quotes count as ticks or snapshots exactly as their JSON twins do.
     */
    @Override
    public void onBinaryFrame(final byte[] payload, final int offset, final int length)
    {
        beginFrame(length);
        if (!binaryReader.read(payload, offset, length, this))
        {
            parseErrors++;
        }
        endFrame();
    }

    @Override
    public void onSymbol(final int wireId, final CharSequence name)
    {
        if (wireId >= wireIdToSymbol.length)
        {
            final int[] grown = Arrays.copyOf(wireIdToSymbol, Math.max(wireId + 1, wireIdToSymbol.length * 2));
            Arrays.fill(grown, wireIdToSymbol.length, grown.length, -1);
            wireIdToSymbol = grown;
        }
        final int symbol = index.indexOf(name, 0, name.length());
        if (symbol < 0)
        {
            nUnknownSymbols++;
        }
        wireIdToSymbol[wireId] = symbol;
    }

    @Override
    public void onQuote(final int wireId, final byte kind, final long seq, final long ts)
    {
        nMessages++;
        final int symbol = wireId < wireIdToSymbol.length ? wireIdToSymbol[wireId] : -1;
        if (BinaryQuote.KIND_SNAPSHOT == kind)
        {
            nSnapshots++;
            if (symbol >= 0)
            {
                seqs.onSnapshot(symbol, seq);
            }
            return;
        }
        nTicks++;
        if (symbol >= 0)
        {
            seqs.onTick(symbol, seq);
        }
        if (ts >= windowStart && ts < windowEnd)
        {
            latency.record(nowMicros - ts);
        }
    }

    @Override
    public void onClosed(final int code, final String reason)
    {
        closeCode = code;
        closed = true;
    }

    @Override
    public void onFailed(final Throwable error)
    {
        if (null == failure)
        {
            failure = error;
        }
        closed = true;
    }

    private void beginFrame(final int length)
    {
        nowMicros = clock.nowMicros();
        windowStart = measureStartMicros;
        windowEnd = measureEndMicros;
        frames++;
        bytes += length;
    }

    private void endFrame()
    {
        messages = nMessages;
        ticks = nTicks;
        if (snapshots != nSnapshots || subscribedAcks != nAcks || errorMessages != nErrorMessages ||
            unknownSymbols != nUnknownSymbols)
        {
            snapshots = nSnapshots;
            subscribedAcks = nAcks;
            errorMessages = nErrorMessages;
            unknownSymbols = nUnknownSymbols;
        }
        if (gapEvents != seqs.gapEvents())
        {
            gapEvents = seqs.gapEvents();
            missing = seqs.missing();
        }
        final long d = seqs.duplicates() + seqs.backwards();
        if (disorder != d)
        {
            disorder = d;
        }
    }

    @Override
    public void onMessage(final FrameScanner s, final CharSequence frame)
    {
        nMessages++;
        switch (s.type())
        {
            case FrameScanner.TYPE_TICK:
            {
                nTicks++;
                final int symbol = symbolIndex(s, frame);
                if (symbol >= 0 && FrameScanner.MISSING != s.seq())
                {
                    seqs.onTick(symbol, s.seq());
                }
                final long ts = s.ts();
                if (ts >= windowStart && ts < windowEnd)
                {
                    latency.record(nowMicros - ts);
                }
                break;
            }
            case FrameScanner.TYPE_SNAPSHOT:
            {
                nSnapshots++;
                final int symbol = symbolIndex(s, frame);
                if (symbol >= 0 && FrameScanner.MISSING != s.seq())
                {
                    seqs.onSnapshot(symbol, s.seq());
                }
                break;
            }
            case FrameScanner.TYPE_SUBSCRIBED:
                nAcks++;
                break;
            case FrameScanner.TYPE_ERROR:
                nErrorMessages++;
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
            nUnknownSymbols++;
        }
        return symbol;
    }
}
