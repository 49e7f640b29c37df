package io.tickgate.perf.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 opening handshake, client and server halves (setup path: allocation is fine here). */
public final class WsHandshake
{
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsHandshake()
    {
    }

    /** @return a fresh Sec-WebSocket-Key: base64 of 16 random bytes. */
    public static String newKey()
    {
        final byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** @return Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)). */
    public static String acceptKey(final String key)
    {
        try
        {
            final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(
                sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public static byte[] request(final String hostPort, final String path, final String key)
    {
        return ("GET " + path + " HTTP/1.1\r\n" +
            "Host: " + hostPort + "\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: " + key + "\r\n" +
            "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The server's answer to a client's handshake with this Sec-WebSocket-Key. */
    public static byte[] response(final String key)
    {
        return ("HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return index just after the blank line ending the HTTP head in b[0, end), or -1 when not there yet. */
    public static int headEnd(final byte[] b, final int end)
    {
        for (int i = 3; i < end; i++)
        {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r')
            {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Checks a server's answer head (up to and including the blank line).
     *
     * @return null when it is a valid 101 with the right accept key, else what is wrong.
     */
    public static String checkResponse(final String head, final String key)
    {
        final int eol = head.indexOf("\r\n");
        final String status = eol < 0 ? head : head.substring(0, eol);
        final String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.1") || !"101".equals(parts[1]))
        {
            return "expected HTTP/1.1 101, got: " + status;
        }
        final String accept = header(head, "sec-websocket-accept");
        if (null == accept)
        {
            return "no Sec-WebSocket-Accept header";
        }
        if (!accept.equals(acceptKey(key)))
        {
            return "wrong Sec-WebSocket-Accept " + accept;
        }
        final String upgrade = header(head, "upgrade");
        if (null == upgrade || !"websocket".equalsIgnoreCase(upgrade))
        {
            return "Upgrade header is not websocket: " + upgrade;
        }
        return null;
    }

    /** @return the trimmed value of the first header with this (lower-case) name, or null. */
    public static String header(final String head, final String lowerName)
    {
        for (final String line : head.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerName))
            {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
