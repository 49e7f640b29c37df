package io.tickgate.perf.nullgateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** The TCP CSV feed: what arrives is cut into lines for the {@link TickFanout}; a line longer than 256 KiB is lost. */
final class IngestConnection
{
    private final SocketChannel channel;
    private final TickFanout fanout;
    private final byte[] in = new byte[256 * 1024];
    private final ByteBuffer buffer = ByteBuffer.wrap(in);

    IngestConnection(final SocketChannel channel, final TickFanout fanout)
    {
        this.channel = channel;
        this.fanout = fanout;
    }

    void onReadable(final SelectionKey key) throws IOException
    {
        if (channel.read(buffer) < 0)
        {
            key.cancel();
            channel.close();
            return;
        }
        final int end = buffer.position();
        int lineStart = 0;
        for (int i = 0; i < end; i++)
        {
            if (in[i] == '\n')
            {
                fanout.onLine(in, lineStart, i);
                lineStart = i + 1;
            }
        }
        System.arraycopy(in, lineStart, in, 0, end - lineStart);
        buffer.position(end - lineStart);
        if (!buffer.hasRemaining())
        {
            buffer.clear();
        }
    }
}
