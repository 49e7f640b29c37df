package io.tickgate.perf.nullgateway;

import java.util.Arrays;

/** The sessions with messages waiting in their batch, all flushed together every {@code --flush-us}. */
final class DirtySessions
{
    private WsSession[] sessions = new WsSession[1024];
    private int count;

    void add(final WsSession session)
    {
        if (count == sessions.length)
        {
            sessions = Arrays.copyOf(sessions, count * 2);
        }
        sessions[count++] = session;
    }

    boolean isEmpty()
    {
        return 0 == count;
    }

    /** Each session sends its batch as one frame. */
    void flushAll()
    {
        for (int i = 0; i < count; i++)
        {
            final WsSession session = sessions[i];
            sessions[i] = null;
            session.flushPending();
        }
        count = 0;
    }
}
