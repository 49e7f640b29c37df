package io.tickgate.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token refresh on a hand-set clock: when the supplier is asked, what is sent, and what a refusal, a failing supplier
 * or an unchanged token do. Refreshes are scheduled on a real timer an hour or more ahead, and the test runs them
 * itself, so nothing here waits.
 */
class AuthenticatorTest
{
    private static final long NOW_MS = 1_764_100_000_000L;
    private static final long NOW_S = NOW_MS / 1000;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Queue<Object> supplied = new ArrayDeque<>();
    private final List<String> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private long nowMs = NOW_MS;
    private int supplierCalls;

    AuthenticatorTest()
    {
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop()
    {
        timer.shutdownNow();
    }

    @Test
    void shouldRefreshAheadOfTheExpiryOrHalfwayWhenTimeIsShort()
    {
        assertEquals(TimeUnit.MINUTES.toMillis(59), Authenticator.refreshDelayMs(NOW_S + 3_600, NOW_MS, 60_000));
        assertEquals(50_000, Authenticator.refreshDelayMs(NOW_S + 100, NOW_MS, 60_000));
        assertEquals(Authenticator.MIN_RETRY_MS, Authenticator.refreshDelayMs(NOW_S + 1, NOW_MS, 60_000));
        assertEquals(Authenticator.MIN_RETRY_MS, Authenticator.refreshDelayMs(NOW_S - 10, NOW_MS, 60_000));
    }

    @Test
    void shouldAcceptOnlyCompactTokens()
    {
        assertTrue(Authenticator.isWellFormed("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln-_"));
        assertFalse(Authenticator.isWellFormed(null));
        assertFalse(Authenticator.isWellFormed(""));
        assertFalse(Authenticator.isWellFormed("a.b.c\r\nX-Evil: 1"));
        assertFalse(Authenticator.isWellFormed("a.b\".c"));
        assertFalse(Authenticator.isWellFormed("a".repeat(Authenticator.MAX_TOKEN_LENGTH + 1)));
    }

    @Test
    void shouldSendTheSuppliersNewTokenBeforeTheExpiryAndFollowTheAnswers()
    {
        final Authenticator authenticator = authenticator(true);
        supplied.add("t1");
        assertEquals("t1", authenticator.nextHandshakeToken());
        authenticator.onWelcome(sent::add, NOW_S + 3_600);
        assertEquals(List.of("authenticated " + (NOW_S + 3_600)), events);
        assertEquals(TimeUnit.MINUTES.toMillis(59), nextRefreshDelayMs(), 1_000);

        nowMs += TimeUnit.MINUTES.toMillis(59);
        supplied.add("t2");
        runRefresh();
        assertEquals(List.of("{\"op\":\"auth\",\"token\":\"t2\",\"id\":1}"), sent);

        authenticator.onAuthenticated(sent::add, control("authenticated", 2, NOW_S + 7_200)); // not ours
        assertEquals(1, events.size());
        authenticator.onAuthenticated(sent::add, control("authenticated", 1, NOW_S + 7_200));
        assertEquals("authenticated " + (NOW_S + 7_200), events.get(1));
        assertEquals(TimeUnit.MINUTES.toMillis(60), nextRefreshDelayMs(), 1_000);

        nowMs += TimeUnit.MINUTES.toMillis(60);
        supplied.add("t3");
        runRefresh();
        assertEquals("{\"op\":\"auth\",\"token\":\"t3\",\"id\":2}", sent.get(1));
        authenticator.onError(sent::add, control("error", 2, 0)); // refused: t2 stays in force, try again halfway
        assertEquals(30_000, nextRefreshDelayMs(), 1_000);

        supplied.add("t2"); // the supplier has nothing newer than the token in force: nothing is sent
        nowMs += 30_000;
        runRefresh();
        assertEquals(2, sent.size());
        assertEquals(15_000, nextRefreshDelayMs(), 1_000);

        supplied.add(new IllegalStateException("identity provider down"));
        runRefresh();
        assertEquals(2, sent.size());
        assertEquals(1, timer.getQueue().size(), "a failing supplier is asked again later");
        assertEquals(5, supplierCalls);
    }

    @Test
    void shouldStopRefreshingWhenTheConnectionEnds()
    {
        final Authenticator authenticator = authenticator(true);
        supplied.add("t1");
        authenticator.nextHandshakeToken();
        authenticator.onWelcome(sent::add, NOW_S + 3_600);
        final RunnableScheduledFuture<?> refresh = (RunnableScheduledFuture<?>)timer.getQueue().peek();
        authenticator.onDisconnected();
        assertTrue(refresh.isCancelled());

        // a refresh already asking the supplier when the connection ends sends nothing either
        supplied.add("t2");
        authenticator.nextHandshakeToken();
        authenticator.onWelcome(sent::add, NOW_S + 3_600);
        supplied.add((Runnable)authenticator::onDisconnected);
        supplied.add("t3");
        runRefresh();
        assertEquals(List.of(), sent);
        assertEquals(0, timer.getQueue().size());
    }

    @Test
    void shouldNeverRefreshAFixedTokenOrWithoutAnExpiry()
    {
        final Authenticator fixed = authenticator(false);
        assertEquals("fixed.token.sig", fixed.nextHandshakeToken());
        fixed.onWelcome(sent::add, NOW_S + 3_600);
        assertEquals(0, timer.getQueue().size());
        assertEquals(List.of("authenticated " + (NOW_S + 3_600)), events);

        final Authenticator supplied = authenticator(true);
        this.supplied.add("t1");
        supplied.nextHandshakeToken();
        supplied.onWelcome(sent::add, 0); // a gateway without authentication: no exp, nothing to refresh
        assertEquals(0, timer.getQueue().size());
        assertEquals(1, events.size());
    }

    @Test
    void shouldGiveUpOnlyWhenTheSameTokenWouldBePresentedAgain()
    {
        final Authenticator fixed = authenticator(false);
        assertFalse(fixed.onHandshakeRefused(fixed.nextHandshakeToken()), "a fixed token never changes");

        final Authenticator authenticator = authenticator(true);
        supplied.add("t1");
        final String refused = authenticator.nextHandshakeToken();
        assertTrue(authenticator.onHandshakeRefused(refused), "a supplier may have another");
        supplied.add("t1");
        assertTrue(authenticator.refusedBefore(authenticator.nextHandshakeToken()));
        supplied.add("t2");
        assertFalse(authenticator.refusedBefore(authenticator.nextHandshakeToken()));
    }

    @Test
    void shouldRefuseWhatTheSupplierReturnsWhenItIsNoToken()
    {
        final Authenticator authenticator = authenticator(true);
        supplied.add("not a token");
        assertTrue(assertThrows(IllegalStateException.class, authenticator::nextHandshakeToken).getMessage()
            .contains("malformed token"));
        supplied.add(new IllegalStateException("boom"));
        assertTrue(assertThrows(IllegalStateException.class, authenticator::nextHandshakeToken).getMessage()
            .contains("token supplier failed"));
        assertTrue(assertThrows(IllegalStateException.class, authenticator::nextHandshakeToken).getMessage()
            .contains("returned null"));
    }

    private Authenticator authenticator(final boolean withSupplier)
    {
        final TickgateClient.Context ctx = new TickgateClient.Context()
            .quoteListener(quote -> { })
            .clientListener(new ClientListener()
            {
                @Override
                public void onAuthenticated(final long expiresAtSeconds)
                {
                    events.add("authenticated " + expiresAtSeconds);
                }
            });
        if (withSupplier)
        {
            ctx.tokenSupplier(() ->
            {
                supplierCalls++;
                Object next = supplied.poll();
                if (next instanceof Runnable sideEffect)
                {
                    sideEffect.run();
                    next = supplied.poll();
                }
                if (next instanceof RuntimeException ex)
                {
                    throw ex;
                }
                return (String)next;
            });
        }
        else
        {
            ctx.token("fixed.token.sig");
        }
        return new Authenticator(ctx.conclude(), new Commands(null), timer, () -> nowMs, this);
    }

    private long nextRefreshDelayMs()
    {
        assertEquals(1, timer.getQueue().size(), timer.getQueue()::toString);
        return ((RunnableScheduledFuture<?>)timer.getQueue().peek()).getDelay(TimeUnit.MILLISECONDS);
    }

    private void runRefresh()
    {
        // the queue only hands out tasks that are due: take it out by hand, then run it
        final RunnableScheduledFuture<?> refresh = (RunnableScheduledFuture<?>)timer.getQueue().peek();
        assertTrue(null != refresh && timer.remove(refresh), "no refresh scheduled");
        refresh.run();
    }

    private static ControlMessage control(final String type, final long id, final long exp)
    {
        final ControlMessage message = new ControlMessage();
        message.reset();
        message.type = type;
        message.code = "error".equals(type) ? "UNAUTHORIZED" : null;
        message.id = id;
        message.exp = exp;
        return message;
    }
}
