package io.tickgate.client;

import java.util.Collection;
import java.util.Map;

/**
 * Encodes the commands the client sends ({@code subscribe}, {@code unsubscribe}, {@code replay}, {@code auth}) as the
 * protocol's JSON, each with a fresh {@code id}: the gateway echoes it on its answer, which is how a refused replay or
 * token refresh is told from other errors. Symbols and tokens are validated before they get here, so they need no
 * escaping.
 * <b>Note:</b> not threadsafe; used under the client's lock.
 */
final class Commands
{
    private final OnSlow onSlow;
    private long nextId = 1;

    /**
     * @param onSlow sent on full-mode subscribes and replays; null sends nothing (the gateway's default).
     */
    Commands(final OnSlow onSlow)
    {
        this.onSlow = onSlow;
    }

    /**
     * @param symbols symbols, or {@link TickgateClient#ALL_SYMBOLS}.
     * @param mode    conflated or full.
     * @param maxRate for conflated mode, updates per second per symbol; 0 sends none (no limit).
     * @return the command.
     */
    String subscribe(final Collection<String> symbols, final Mode mode, final int maxRate)
    {
        final StringBuilder command = new StringBuilder("{\"op\":\"subscribe\",\"symbols\":");
        appendSymbols(command, symbols);
        command.append(",\"mode\":\"").append(mode.wireName()).append('"');
        if (Mode.CONFLATED == mode && maxRate > 0)
        {
            command.append(",\"maxRate\":").append(maxRate);
        }
        if (Mode.FULL == mode)
        {
            appendOnSlow(command);
        }
        return appendId(command);
    }

    /**
     * @param symbols symbols, or {@link TickgateClient#ALL_SYMBOLS}.
     * @return the command.
     */
    String unsubscribe(final Collection<String> symbols)
    {
        final StringBuilder command = new StringBuilder("{\"op\":\"unsubscribe\",\"symbols\":");
        appendSymbols(command, symbols);
        return appendId(command);
    }

    /**
     * @param fromSeq the seq to replay from, by symbol, in the order they are to be written.
     * @return the command; its id is {@link #lastId()}.
     */
    String replay(final Map<String, Long> fromSeq)
    {
        final StringBuilder command = new StringBuilder("{\"op\":\"replay\",\"fromSeq\":{");
        boolean first = true;
        for (final Map.Entry<String, Long> entry : fromSeq.entrySet())
        {
            command.append(first ? "\"" : ",\"").append(entry.getKey()).append("\":").append(entry.getValue());
            first = false;
        }
        command.append('}');
        appendOnSlow(command);
        return appendId(command);
    }

    /**
     * @param token a token that passed {@link Authenticator#isWellFormed(String)}.
     * @return the command that replaces the connection's token; its id is {@link #lastId()}.
     */
    String auth(final String token)
    {
        return appendId(new StringBuilder("{\"op\":\"auth\",\"token\":\"").append(token).append('"'));
    }

    /**
     * @return the id of the command encoded last, or 0 before the first.
     */
    long lastId()
    {
        return nextId - 1;
    }

    private String appendId(final StringBuilder command)
    {
        return command.append(",\"id\":").append(nextId++).append('}').toString();
    }

    private void appendOnSlow(final StringBuilder command)
    {
        if (null != onSlow)
        {
            command.append(",\"onSlow\":\"").append(onSlow.wireName()).append('"');
        }
    }

    private static void appendSymbols(final StringBuilder command, final Collection<String> symbols)
    {
        command.append('[');
        boolean first = true;
        for (final String symbol : symbols)
        {
            command.append(first ? "\"" : ",\"").append(symbol).append('"');
            first = false;
        }
        command.append(']');
    }
}
