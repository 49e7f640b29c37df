package io.tickgate.perf.load;

import java.util.List;

/** Sums of the connections' counters at one moment (the reporter's thread reads them once a second). */
final class ConnectionTotals
{
    long messages;
    long ticks;
    long frames;
    long bytes;
    long gapEvents;
    long missing;
    long disorder;
    long cutOffs;
    long otherCloses;
    long failures;
    long errorMessages;
    long parseErrors;
    long unknownSymbols;
    int open;

    void read(final List<ClientConnection> connections)
    {
        messages = ticks = frames = bytes = gapEvents = missing = disorder = 0;
        cutOffs = otherCloses = failures = errorMessages = parseErrors = unknownSymbols = 0;
        open = 0;
        for (final ClientConnection c : connections)
        {
            messages += c.messages;
            ticks += c.ticks;
            frames += c.frames + c.binaryFrames;
            bytes += c.bytes;
            gapEvents += c.gapEvents;
            missing += c.missing;
            disorder += c.disorder;
            errorMessages += c.errorMessages;
            parseErrors += c.parseErrors;
            unknownSymbols += c.unknownSymbols;
            failures += null == c.failure ? 0 : 1;
            if (c.isCutOff())
            {
                cutOffs++;
            }
            else if (c.closed && null == c.failure)
            {
                otherCloses++;
            }
            if (c.connected && !c.closed)
            {
                open++;
            }
        }
    }

    long errors()
    {
        return failures + errorMessages + parseErrors;
    }

    void copy(final ConnectionTotals t)
    {
        messages = t.messages;
        ticks = t.ticks;
        frames = t.frames;
        bytes = t.bytes;
        gapEvents = t.gapEvents;
        missing = t.missing;
        disorder = t.disorder;
        cutOffs = t.cutOffs;
        otherCloses = t.otherCloses;
        failures = t.failures;
        errorMessages = t.errorMessages;
        parseErrors = t.parseErrors;
        unknownSymbols = t.unknownSymbols;
        open = t.open;
    }
}
