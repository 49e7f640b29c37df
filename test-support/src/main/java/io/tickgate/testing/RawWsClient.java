package io.tickgate.testing;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * A WebSocket client on a plain socket, for what the JDK client will not do: stop reading, never answer pings,
 * send broken frames, and check every frame the server sends against RFC 6455 to the bit (FIN, RSV, no mask,
 * the fewest length bytes, UTF-8 text). Blocking, with read deadlines; one thread.
 */
public final class RawWsClient implements AutoCloseable
{
    // the opcodes of RFC 6455 section 5.2, written here rather than taken from the gateway's own frame code
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    /**
     * One frame as received.
     */
    public record Frame(int opcode, byte[] payload, int headerLength)
    {
        public String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode()
        {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /**
         * @return a close frame's reason, after its code.
         */
        public String closeReason()
        {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random random = new Random(7);

    private RawWsClient(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Open a socket and do the opening handshake.
     *
     * @param receiveBuffer SO_RCVBUF to ask for (0 for the default): small makes a non-reader fill up fast.
     */
    public static RawWsClient connect(final int port, final String query, final int receiveBuffer) throws IOException
    {
        return connect(port, query, receiveBuffer, null);
    }

    /**
     * Open a socket, with TLS when {@code tls} is given (a factory over a context that trusts the server's
     * certificate, which must name 127.0.0.1), and do the opening handshake.
     */
    public static RawWsClient connect(
        final int port, final String query, final int receiveBuffer, final SSLSocketFactory tls) throws IOException
    {
        Socket socket = new Socket();
        if (receiveBuffer > 0)
        {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        if (null != tls)
        {
            // as browsers do: the handshake's last flight and the upgrade request are separate writes, which Nagle's
            // algorithm would hold for the server's delayed ACK (40 ms)
            socket.setTcpNoDelay(true);
            final SSLSocket secure = (SSLSocket)tls.createSocket(socket, "127.0.0.1", port, true);
            final SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            socket = secure;
        }
        final RawWsClient client = new RawWsClient(socket);
        final String response = client.handshake(port, query, "13");
        if (!response.startsWith("HTTP/1.1 101"))
        {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
        return client;
    }

    public static RawWsClient connect(final int port) throws IOException
    {
        return connect(port, "", 0);
    }

    /**
     * Send a request and read the response head.
     *
     * @return the status line and headers.
     */
    public String handshake(final int port, final String query, final String version) throws IOException
    {
        final byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return request("GET /stream" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
            Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n");
    }

    /**
     * Send raw HTTP and read the response head (status line and headers).
     */
    public String request(final String http) throws IOException
    {
        out.write(http.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.append((char)b);
        }
        return head.toString();
    }

    public static RawWsClient open(final int port) throws IOException
    {
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return new RawWsClient(socket);
    }

    public void sendText(final String text) throws IOException
    {
        sendFrame(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Send one frame, masked as a client must unless {@code masked} is false.
     */
    public void sendFrame(final boolean fin, final int opcode, final byte[] payload, final boolean masked)
        throws IOException
    {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        final int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126)
        {
            frame.write(maskBit | payload.length);
        }
        else if (payload.length < 65_536)
        {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        }
        else
        {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--)
            {
                frame.write((int)((long)payload.length >>> (8 * i)));
            }
        }
        final byte[] mask = new byte[4];
        random.nextBytes(mask);
        if (masked)
        {
            frame.write(mask, 0, 4);
        }
        for (int i = 0; i < payload.length; i++)
        {
            frame.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Read the next frame and check it is a well-formed server frame.
     *
     * @throws AssertionError when it is not.
     */
    public Frame readFrame() throws IOException
    {
        final int b0 = in.readUnsignedByte();
        final int b1 = in.readUnsignedByte();
        check((b0 & 0x80) != 0, "FIN set (the server does not fragment)");
        check((b0 & 0x70) == 0, "RSV bits clear");
        check((b1 & 0x80) == 0, "server frames are not masked");
        final int opcode = b0 & 0x0F;
        check(opcode == OP_TEXT || opcode == OP_BINARY || opcode == OP_CLOSE || opcode == OP_PING ||
            opcode == OP_PONG, "known opcode " + opcode);
        long length = b1 & 0x7F;
        int headerLength = 2;
        if (126 == length)
        {
            length = in.readUnsignedShort();
            headerLength = 4;
            check(length >= 126, "16-bit length used only for 126 and more: " + length);
        }
        else if (127 == length)
        {
            length = in.readLong();
            headerLength = 10;
            check(length >= 65_536 && length < Integer.MAX_VALUE, "64-bit length used only for 65536 and more");
        }
        check(opcode < OP_CLOSE || length <= 125, "control frames carry at most 125 bytes");
        final byte[] payload = new byte[(int)length];
        in.readFully(payload);
        if (OP_TEXT == opcode)
        {
            try
            {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            }
            catch (final CharacterCodingException ex)
            {
                throw new AssertionError("text frame is not UTF-8", ex);
            }
            final String text = new String(payload, StandardCharsets.UTF_8);
            check(text.startsWith("[") && text.endsWith("]"), "a text frame is a JSON array: " + text);
        }
        return new Frame(opcode, payload, headerLength);
    }

    /**
     * Read frames until one of this opcode arrives, answering pings on the way when {@code answerPings}.
     */
    public Frame readUntil(final int opcode, final boolean answerPings) throws IOException
    {
        while (true)
        {
            final Frame frame = readFrame();
            if (frame.opcode() == opcode)
            {
                return frame;
            }
            if (answerPings && OP_PING == frame.opcode())
            {
                sendFrame(true, OP_PONG, frame.payload(), true);
            }
        }
    }

    /**
     * Read text frames until one contains {@code fragment}.
     */
    public String readTextContaining(final String fragment) throws IOException
    {
        while (true)
        {
            final Frame frame = readFrame();
            if (OP_TEXT == frame.opcode() && frame.text().contains(fragment))
            {
                return frame.text();
            }
        }
    }

    /**
     * @return true when the server closed the TCP connection (end of stream) before the deadline; frames that
     * arrive before it are read and dropped.
     */
    public boolean awaitEndOfStream(final long timeoutMs) throws IOException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final byte[] sink = new byte[64 * 1024];
        final InputStream raw = socket.getInputStream();
        while (System.currentTimeMillis() < deadline)
        {
            socket.setSoTimeout((int)Math.max(1, deadline - System.currentTimeMillis()));
            try
            {
                if (raw.read(sink) < 0)
                {
                    return true;
                }
            }
            catch (final SocketTimeoutException ex)
            {
                return false;
            }
            catch (final IOException ex)
            {
                // a reset is a closed connection too
                return true;
            }
        }
        return false;
    }

    public Socket socket()
    {
        return socket;
    }

    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing a test socket
        }
    }

    private static void check(final boolean ok, final String rule)
    {
        if (!ok)
        {
            throw new AssertionError("RFC 6455 violated: " + rule);
        }
    }
}
