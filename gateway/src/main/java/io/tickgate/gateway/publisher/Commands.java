package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.Command;
import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.security.Grant;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries out the clients' commands on the publisher thread, so subscription state has one writer: subscribe and
 * unsubscribe (each symbol accepted or refused on its own, answered in one message per outcome), replay, ping, and
 * the refusals the IO threads decided. Replays wait while the journal's history is being indexed
 * ({@link HeldCommands}).
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Commands implements Consumer<Command>
{
    private final DelayLines lines;
    private final Replays replays;
    private final HeldCommands held;
    private final Outbound outbound;
    private final GatewayMetrics metrics;
    private final int maxSymbolsPerSession;
    private final Faults faults;
    private final NotEntitled notEntitled;

    Commands(
        final DelayLines lines,
        final Replays replays,
        final HeldCommands held,
        final Outbound outbound,
        final GatewayMetrics metrics,
        final int maxSymbolsPerSession,
        final Faults faults,
        final NotEntitled notEntitled)
    {
        this.notEntitled = notEntitled;
        this.lines = lines;
        this.replays = replays;
        this.held = held;
        this.outbound = outbound;
        this.metrics = metrics;
        this.maxSymbolsPerSession = maxSymbolsPerSession;
        this.faults = faults;
    }

    public void accept(final Command command)
    {
        final Session session = command.session;
        // a delay line catching up holds every command of its sessions, before the history's hold sees them
        final Line line = lines.lineFor(session);
        if (null == line || line.held().hold(command) || held.hold(command))
        {
            return;
        }
        metrics.commands.incrementAndGet();
        if (session.isClosed())
        {
            return;
        }
        try
        {
            switch (command.op)
            {
                case SUBSCRIBE -> onSubscribe(session, command);
                case UNSUBSCRIBE -> onUnsubscribe(session, command);
                case REPLAY -> replays.onReplay(command);
                case PING -> outbound.sendPong(session, command.idJson);
                case AUTH -> onAuth(session, command);
                case REFUSE -> sendParseError(session, command);
                default -> throw new IllegalStateException("no handler for " + command.op);
            }
        }
        catch (final RuntimeException ex)
        {
            faults.onFault(session, ex);
        }
    }

    private void onSubscribe(final Session session, final Command command)
    {
        final SymbolTable symbols = session.line().symbols();
        final Subscriptions subscriptions = session.line().subscriptions();
        final SessionSubscriptions subs = session.subscriptions();
        final long minIntervalNs = command.maxRate > 0 ? (long)(1e9 / command.maxRate) : 0;
        final List<String> accepted = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<String> overLimit = new ArrayList<>();
        final List<String> refused = new ArrayList<>();

        sendParseError(session, command);
        for (final String name : command.symbols)
        {
            if (Command.WILDCARD.equals(name))
            {
                subscriptions.subscribeAll(session, command.fullMode, minIntervalNs, command.conflateWhenSlow, true);
                accepted.add(name);
                continue;
            }
            // before the lookup: outside the token, whether the symbol exists is not the client's to learn
            if (!session.grant().entitles(name))
            {
                refused.add(name);
                continue;
            }
            final int symbolId = symbols.lookup(name);
            if (symbolId < 0)
            {
                unknown.add(name);
            }
            else if (!subs.isSubscribed(symbolId) && !subs.isWildcard() && subs.size() >= maxSymbolsPerSession)
            {
                overLimit.add(name);
            }
            else
            {
                subscriptions.subscribe(session, symbolId, command.fullMode, minIntervalNs, command.conflateWhenSlow,
                    true);
                accepted.add(name);
            }
        }

        notEntitled.send(session, "not entitled to these symbols", refused, command.idJson);
        sendUnknown(session, unknown, command);
        if (!overLimit.isEmpty())
        {
            outbound.sendError(session, ErrorCode.LIMIT,
                "at most " + maxSymbolsPerSession + " symbols per connection", overLimit, command.idJson);
        }
        if (!accepted.isEmpty())
        {
            outbound.sendSymbols(session, "subscribed", accepted, command.idJson);
        }
    }

    /**
     * A refresh: its token was verified on the IO thread; here the new grant takes the old one's place. A
     * connection's delay is fixed for its life, so a token with another one is refused and the old stays.
     */
    private void onAuth(final Session session, final Command command)
    {
        final Grant grant = command.grant;
        if (grant.delaySeconds() != session.grant().delaySeconds())
        {
            outbound.sendError(session, ErrorCode.UNAUTHORIZED,
                "a refreshed token must keep the delay of the connection", null, command.idJson);
            return;
        }
        final SymbolTable symbols = session.line().symbols();
        final Subscriptions subscriptions = session.line().subscriptions();
        final Grant old = session.grant();
        session.grant(grant);
        outbound.sendAuthenticated(session, grant.expiresAtSeconds(), command.idJson);
        if (old.symbols().patterns().equals(grant.symbols().patterns()) && old.replay() == grant.replay())
        {
            return;
        }
        final List<String> revoked = new ArrayList<>();
        for (final int symbolId : session.subscriptions().symbolIds())
        {
            final String name = symbols.name(symbolId);
            if (!grant.entitles(name))
            {
                subscriptions.unsubscribe(session, symbolId);
                revoked.add(name);
            }
        }
        replays.onRegrant(session, revoked);
        subscriptions.onRegrant(session, old);
        if (!revoked.isEmpty())
        {
            outbound.sendSymbols(session, "unsubscribed", revoked, command.idJson);
            notEntitled.send(session, "not entitled by the refreshed token", revoked, command.idJson);
        }
    }

    private void onUnsubscribe(final Session session, final Command command)
    {
        final SymbolTable symbols = session.line().symbols();
        final Subscriptions subscriptions = session.line().subscriptions();
        final List<String> accepted = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        sendParseError(session, command);
        for (final String name : command.symbols)
        {
            if (Command.WILDCARD.equals(name))
            {
                subscriptions.unsubscribeAll(session);
                replays.end(session);
                accepted.add(name);
                continue;
            }
            final int symbolId = symbols.lookup(name);
            if (symbolId < 0)
            {
                unknown.add(name);
                continue;
            }
            subscriptions.unsubscribe(session, symbolId);
            replays.onUnsubscribed(session, symbolId, name);
            accepted.add(name);
        }
        sendUnknown(session, unknown, command);
        if (!accepted.isEmpty())
        {
            outbound.sendSymbols(session, "unsubscribed", accepted, command.idJson);
        }
    }

    /**
     * What the parser refused of the command (the whole of a {@code REFUSE}, or some of its symbols).
     */
    private void sendParseError(final Session session, final Command command)
    {
        if (command.hasError())
        {
            outbound.sendError(session, command.errorCode, command.errorMessage, command.errorSymbols,
                command.idJson);
        }
    }

    private void sendUnknown(final Session session, final List<String> unknown, final Command command)
    {
        if (!unknown.isEmpty())
        {
            outbound.sendError(session, ErrorCode.UNKNOWN_SYMBOL, "no such symbol", unknown, command.idJson);
        }
    }
}
